/** The Chinese messages of the double-check round pages, in one place (DESIGN §13 "Messages"). */
export const ROUND_MESSAGES = {
  notFoundRound: '未找到该轮双查，或不在您的管辖范围内。',
  roundOpened: (label: string, due: number) => `已开启${label}双查，应查 ${due} 人。`,
  roundClosed: (label: string) => `${label}双查已结束，未查的对象计为未到位。`,
  excused: (name: string) => `已将 ${name} 列为本轮免查。`,
  added: (name: string) => `已将 ${name} 加入本轮双查名单。`,
};
