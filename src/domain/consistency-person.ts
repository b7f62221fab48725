/**
 * Rules about the woman herself: identity (GB 11643 ID number, birth date and sex), one card per person,
 * marriage (legal age 20, DESIGN §5), spouse, floating status and the age window of the register.
 */
import { finding, type Finding, type Rule } from './consistency-core.ts';
import { addMonths, ageOn, type IsoDate } from './dates.ts';
import { idNumberMessage, parseIdNumber } from './id-number.ts';
import { MARRIED_STATUSES, type MaritalStatus } from './codes.ts';
import { EXIT_AGE, notFemaleProblem } from './register-person.ts';

export const LEGAL_MARRIAGE_AGE_FEMALE = 20;
export const OUTFLOW_VERIFY_MONTHS = 6;
export { EXIT_AGE };

const isMarried = (s: string) => (MARRIED_STATUSES as readonly string[]).includes(s as MaritalStatus);

/** E: 18 characters with a valid check digit and a birth date not after today. */
export const idNumberValid: Rule = ({ woman }, today) => {
  const r = parseIdNumber(woman.id_number, today);
  return r.ok ? [] : [finding('id_number_invalid', idNumberMessage(r.problem), 'id_number')];
};

/** E: the stored birth date is the one the ID number encodes. */
export const idBirthDate: Rule = ({ woman }) => {
  const r = parseIdNumber(woman.id_number);
  if (!r.ok || r.info.birthDate === woman.birth_date) return [];
  return [finding('id_birth_date_mismatch', `出生日期 ${woman.birth_date} 与身份证号中的 ${r.info.birthDate} 不符`, 'id_number')];
};

/** E: a woman's ID number has an even sequence digit (17th character). */
export const idFemale: Rule = ({ woman }) => {
  const r = parseIdNumber(woman.id_number);
  const problem = r.ok ? notFemaleProblem(r.info.sex) : undefined;
  return problem ? [finding('id_not_female', problem, 'id_number')] : [];
};

/** E: one active card per ID number in the whole database (the service supplies the other cards it found). */
export const noDuplicate: Rule = ({ duplicates }) =>
  (duplicates ?? []).map((d) => finding('duplicate_active_card', `该身份证号已在 ${d.township_name} ${d.village_name} 建有在册信息卡，不能重复建卡（可申请迁入）`, 'id_number'));

/** E: the husband's ID number, when given, is valid, male and not hers. */
export const spouseId: Rule = ({ woman }, today) => {
  if (!woman.spouse_id_number) return [];
  const r = parseIdNumber(woman.spouse_id_number, today);
  if (!r.ok) return [finding('spouse_id_invalid', `配偶${idNumberMessage(r.problem)}`, 'spouse_id_number')];
  if (r.info.idNumber === woman.id_number) return [finding('spouse_id_invalid', '配偶身份证号与本人相同', 'spouse_id_number')];
  if (r.info.sex !== 'male') return [finding('spouse_id_invalid', '配偶身份证号第17位为偶数，不是男性的身份证号', 'spouse_id_number')];
  return [];
};

/** E: a marriage date goes with a marital status other than 未婚, lies after her birth and not in the future. */
export const marriageDates: Rule = ({ woman }, today) => {
  const out: Finding[] = [];
  const d = woman.marriage_date;
  if (woman.marital_status === 'unmarried' && d) out.push(finding('marriage_dates', `婚姻状况为未婚，但填写了结婚日期 ${d}`, 'marriage_date'));
  if (woman.marital_status !== 'unmarried' && !d) out.push(finding('marriage_dates', '已婚、离婚或丧偶须填写结婚日期', 'marriage_date'));
  if (d && d > today) out.push(finding('marriage_dates', `结婚日期 ${d} 晚于今天`, 'marriage_date'));
  if (d && d <= woman.birth_date) out.push(finding('marriage_dates', `结婚日期 ${d} 早于出生日期 ${woman.birth_date}`, 'marriage_date'));
  return out;
};

/**
 * E: married at 20 or later. The legal exceptions the office records (a written note, e.g. ethnic-autonomy
 * regulations) turn it into a W.
 */
export const marriageAge: Rule = ({ woman }) => {
  const d = woman.marriage_date;
  if (!d || d <= woman.birth_date) return [];
  const age = ageOn(woman.birth_date, d);
  if (age >= LEGAL_MARRIAGE_AGE_FEMALE) return [];
  const note = woman.early_marriage_note?.trim();
  if (note) return [finding('early_marriage', `${d} 结婚时 ${age} 周岁（早婚），已记录说明：${note}`, 'marriage_date')];
  return [finding('marriage_age', `结婚日期 ${d} 时年仅 ${age} 周岁，未满法定婚龄 ${LEGAL_MARRIAGE_AGE_FEMALE} 周岁；如属法定例外，请填写早婚说明`, 'marriage_date')];
};

/** W: a married woman's husband is named on her card (male sterilisation and benefits need him). */
export const spouseNamed: Rule = ({ woman }) => (isMarried(woman.marital_status) && !woman.spouse_name?.trim() ? [finding('spouse_missing', '婚姻状况为已婚，但未登记配偶姓名', 'spouse_name')] : []);

/** W: an outflow not verified for six months (domain-notes C3/C4: stale absences). */
export const outflowVerified: Rule = ({ woman }, today) => {
  if (woman.migrant_status !== 'outflow') return [];
  const last = woman.migrant_verified_on ?? woman.migrant_since;
  if (last && addMonths(last, OUTFLOW_VERIFY_MONTHS) > today) return [];
  return [finding('outflow_unverified', last ? `流出后最近一次核实是 ${last}，已超过 ${OUTFLOW_VERIFY_MONTHS} 个月` : '流出人员没有流出日期或核实日期', 'migrant_verified_on')];
};

/** W: 50 or older and still on the register (the nightly job exits her as over_age). */
export const overAge: Rule = ({ woman }, today: IsoDate) => {
  const age = ageOn(woman.birth_date, today);
  return woman.status === 'active' && age >= EXIT_AGE ? [finding('over_age', `已满 ${age} 周岁，应出队（超龄）`)] : [];
};

export const personRules: readonly Rule[] = [idNumberValid, idBirthDate, idFemale, noDuplicate, spouseId, marriageDates, marriageAge, spouseNamed, outflowVerified, overAge];
