/**
 * What a village worker's report must say for the township to confirm it (issue 16 §1): one rule per kind, pure,
 * so the form, the service and the tests share one message per rule.
 */
import type { ReportedEventKind } from './codes.ts';
import type { IsoDate } from './dates.ts';
import { addYears } from './dates.ts';
import { idNumberMessage, normalizeIdNumber, parseIdNumber } from './id-number.ts';

export interface ReportFacts {
  kind: ReportedEventKind;
  woman_id?: number;
  person_name?: string;
  id_number?: string;
  event_date: IsoDate;
  lmp_date?: IsoDate;
  child_sex?: string;
  destination?: string;
}

/** The date field's label for each kind (the form shows it; messages name it). */
export const EVENT_DATE_LABEL: Record<ReportedEventKind, string> = {
  pregnancy: '发现日期',
  birth: '出生日期',
  arrival: '迁入/流入日期',
  departure: '迁出/流出日期',
  marriage: '结婚日期',
  death: '死亡日期',
};

/** Field → message for every problem of a report (empty when it may be stored). */
export function reportProblems(v: ReportFacts, today: IsoDate): Record<string, string> {
  const out: Record<string, string> = {};
  const dateLabel = EVENT_DATE_LABEL[v.kind];
  if (v.event_date > today) out.event_date = `${dateLabel}不能晚于今天（${today}）`;
  else if (v.event_date < addYears(today, -2)) out.event_date = `${dateLabel}早于两年前，请到乡镇补录`;
  if (v.kind === 'arrival') {
    if (!v.person_name) out.person_name = '迁入/流入须填写姓名';
    if (!v.id_number) out.id_number = '迁入/流入须填写身份证号';
    else {
      const parsed = parseIdNumber(normalizeIdNumber(v.id_number), today);
      if (!parsed.ok) out.id_number = idNumberMessage(parsed.problem);
      else if (parsed.info.sex !== 'female') out.id_number = '身份证号显示为男性，育龄妇女信息卡只登记女性';
    }
  } else if (!v.woman_id) out.woman_id = '请从本村花名册中选择妇女';
  if (v.kind === 'birth' && !v.child_sex) out.child_sex = '请选择婴儿性别';
  if (v.kind === 'pregnancy' && v.lmp_date) {
    if (v.lmp_date > v.event_date) out.lmp_date = '末次月经日期不能晚于发现日期';
    else if (v.lmp_date < addYears(v.event_date, -1)) out.lmp_date = '末次月经日期早于发现日期一年以上，请核对';
  }
  if (v.kind === 'departure' && !v.destination) out.destination = '请填写迁往何处（如 某省某县 或 外出务工地）';
  return out;
}
