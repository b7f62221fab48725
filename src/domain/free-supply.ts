/**
 * 免费药具发放 (issue 15 §2): the rule on a supply's date, pure. A supply is handed out to a woman on the register:
 * not in the future, and not before she was on it (建卡/迁入日期), nor before her birth.
 */
import { maxDate, type IsoDate } from './dates.ts';

export function supplyDateProblem(suppliedOn: IsoDate, today: IsoDate, woman: { registered_on: IsoDate | null; birth_date: IsoDate }): string | undefined {
  if (suppliedOn > today) return `发放日期不能晚于今天（${today}）`;
  const earliest = woman.registered_on ? maxDate(woman.registered_on, woman.birth_date) : woman.birth_date;
  if (suppliedOn < earliest) return `发放日期不能早于她的建卡（迁入）日期 ${earliest}`;
  return undefined;
}
