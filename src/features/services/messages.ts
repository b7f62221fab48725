/** The Chinese messages of the services feature, in one place (DESIGN §13 "Messages"). */
import { FOLLOW_UP_LEVEL, SERVICE_KIND, label } from '../../domain/codes.ts';

export const SERVICE_MESSAGES = {
  notFoundWoman: '未找到该育龄妇女信息卡，或不在您的管辖范围内。',
  notFoundFollowUp: '未找到该随访，或不在您的管辖范围内。',
  notFoundRound: '未找到该轮双查，或不在您的管辖范围内。',
  noCardForId: '本辖区没有该身份证号的在册育龄妇女，请核对身份证号，或先新建信息卡。',
  recorded(r: { woman: { name: string }; service: { kind: string; performed_on: string }; followUps: unknown[]; changes: string[] }) {
    const parts = [`已登记 ${r.woman.name} 的${label(SERVICE_KIND, r.service.kind)}（${r.service.performed_on}）`];
    if (r.changes.length) parts.push(r.changes.join('，'));
    if (r.followUps.length) parts.push(`生成随访 ${r.followUps.length} 次`);
    return parts.join('；') + '。';
  },
  followUpDone: (name: string, level: string, on: string) => `已登记 ${name} 的随访（${label(FOLLOW_UP_LEVEL, level)}，${on}）。`,
  roundOpened: (label: string, due: number) => `已开启${label}双查，应查 ${due} 人。`,
  roundClosed: (label: string) => `${label}双查已结束，未查的对象计为未到位。`,
  excused: (name: string) => `已将 ${name} 列为本轮免查。`,
  added: (name: string) => `已将 ${name} 加入本轮双查名单。`,
};

