/** The Chinese messages of recording a service, in one place (DESIGN §13 "Messages"); the round pages use them too. */
import { SERVICE_KIND, label } from '../../../domain/codes.ts';

export const RECORD_MESSAGES = {
  notFoundWoman: '未找到该育龄妇女信息卡，或不在您的管辖范围内。',
  noCardForId: '本辖区没有该身份证号的在册育龄妇女，请核对身份证号，或先新建信息卡。',
  recorded(r: { woman: { name: string }; service: { kind: string; performed_on: string }; followUps: unknown[]; changes: string[] }) {
    const parts = [`已登记 ${r.woman.name} 的${label(SERVICE_KIND, r.service.kind)}（${r.service.performed_on}）`];
    if (r.changes.length) parts.push(r.changes.join('，'));
    if (r.followUps.length) parts.push(`生成随访 ${r.followUps.length} 次`);
    return parts.join('；') + '。';
  },
};
