/** The Chinese messages of the follow-up pages, in one place (DESIGN §13 "Messages"). */
import { FOLLOW_UP_LEVEL, label } from '../../../domain/codes.ts';

export const FOLLOW_UP_MESSAGES = {
  notFoundFollowUp: '未找到该随访，或不在您的管辖范围内。',
  followUpDone: (name: string, level: string, on: string) => `已登记 ${name} 的随访（${label(FOLLOW_UP_LEVEL, level)}，${on}）。`,
};
