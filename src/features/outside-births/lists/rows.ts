/**
 * The columns of a hospital / police birth list and the check of its rows (issue 16 §3): every problem located
 * by row and column, in Chinese, before anything is saved. ID numbers go through src/domain/id-number.ts (a
 * mother's must be a woman's), dates through parseTypedDate (cellDate), sexes through the SEX code list.
 */
import { SEX, codeFromInput } from '../../../domain/codes.ts';
import { idNumberMessage, maskIdNumbersInText, normalizeIdNumber, parseIdNumber } from '../../../domain/id-number.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { cellDate, cellText, mapHeaders, pick, type ImportProblem, type Table } from '../../imports/service.ts';

export const OUTSIDE_BIRTH_COLUMNS = [
  { key: 'mother_id_number', header: '母亲身份证号', aliases: ['mother_id_number', '母亲身份证号码', '母亲公民身份号码', '产妇身份证号', '产妇身份证号码'] },
  { key: 'mother_name', header: '母亲姓名', aliases: ['mother_name', '产妇姓名', '母亲'] },
  { key: 'child_name', header: '子女姓名', aliases: ['child_name', '新生儿姓名', '婴儿姓名', '孩子姓名'] },
  { key: 'sex', header: '性别', aliases: ['sex', '新生儿性别', '婴儿性别'] },
  { key: 'birth_date', header: '出生日期', aliases: ['birth_date', '新生儿出生日期', '出生时间'] },
  { key: 'facility', header: '医院/派出所', aliases: ['facility', '医院', '派出所', '助产机构', '接生医院', '登记派出所'] },
  { key: 'certificate_no', header: '出生医学证明编号', aliases: ['certificate_no', '出生医学证明号', '出生证编号', '出生证号'] },
  { key: 'village', header: '村代码', aliases: ['village', '所在村代码'], required: false },
] as const;

/** The headers of the blank template, in order (a contract: extend, never rename). */
export const TEMPLATE_HEADERS = OUTSIDE_BIRTH_COLUMNS.filter((c) => !('required' in c)).map((c) => c.header);

/** Earliest birth a list may name (the register's children are born to women 15–49). */
const EARLIEST_BIRTH = '1970-01-01';

export interface ListedBirth {
  row_no: number;
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: IsoDate;
  facility: string | null;
  certificate_no: string | null;
  village_code: string | null;
}

type Key = (typeof OUTSIDE_BIRTH_COLUMNS)[number]['key'];
const HEADER: Record<Key, string> = Object.fromEntries(OUTSIDE_BIRTH_COLUMNS.map((c) => [c.key, c.header])) as Record<Key, string>;

/** The village codes a file names (to look up in the caller's scope before checking its rows). */
export function villageCodesOf(table: Table): string[] {
  const { index } = mapHeaders<Key>(
    table.headers,
    OUTSIDE_BIRTH_COLUMNS.map((c) => ({ ...c, aliases: [...c.aliases] })),
  );
  return [...new Set(table.rows.map((r) => cellText(pick(r, index).village)).filter((v) => v !== ''))];
}

/** Every row checked: the rows when the whole file is clean, else every problem (and no rows). */
export function checkRows(table: Table, today: IsoDate, villages: ReadonlySet<string>): { rows: ListedBirth[]; problems: ImportProblem[] } {
  const { index, problems } = mapHeaders<Key>(
    table.headers,
    OUTSIDE_BIRTH_COLUMNS.map((c) => ({ ...c, aliases: [...c.aliases] })),
  );
  if (problems.length) return { rows: [], problems };
  if (table.rows.length === 0) return { rows: [], problems: [{ row: 2, column: '', value: '', message: '文件中没有数据行' }] };
  const out: ListedBirth[] = [];
  const found: ImportProblem[] = [...(table.problems ?? [])];
  const seen = new Map<string, number>();
  for (const r of table.rows) {
    const cells = pick(r, index);
    const text = (k: Key) => cellText(cells[k]);
    const bad = (k: Key, message: string) => found.push({ row: r.row, column: HEADER[k], value: maskIdNumbersInText(text(k)).slice(0, 60), message });
    const before = found.length;

    let motherId: string | null = null;
    if (text('mother_id_number') !== '') {
      const parsed = parseIdNumber(normalizeIdNumber(text('mother_id_number')), today);
      if (!parsed.ok) bad('mother_id_number', idNumberMessage(parsed.problem));
      else if (parsed.info.sex !== 'female') bad('mother_id_number', '该身份证号是男性的，母亲身份证号应为女性');
      else motherId = normalizeIdNumber(text('mother_id_number'));
    }
    const motherName = text('mother_name');
    if (motherName === '') bad('mother_name', '请填写母亲姓名');
    else if (motherName.length > 50) bad('mother_name', '母亲姓名不能超过 50 个字');
    const childName = text('child_name');
    if (childName.length > 50) bad('child_name', '子女姓名不能超过 50 个字');
    const sex = text('sex') === '' ? undefined : codeFromInput(SEX, text('sex'));
    if (!sex) bad('sex', text('sex') === '' ? '请填写性别' : '性别应为 男 或 女');
    const birthDate = cells.birth_date === null ? undefined : cellDate(cells.birth_date);
    if (cells.birth_date === null) bad('birth_date', '请填写出生日期');
    else if (!birthDate) bad('birth_date', '出生日期不是有效日期（格式如 2026-03-15、2026.3.15、20260315）');
    else if (birthDate > today) bad('birth_date', '出生日期不能晚于今天');
    else if (birthDate < EARLIEST_BIRTH) bad('birth_date', `出生日期不能早于 ${EARLIEST_BIRTH}`);
    const facility = text('facility');
    if (facility.length > 100) bad('facility', '医院/派出所不能超过 100 个字');
    const certificate = text('certificate_no');
    if (certificate.length > 30) bad('certificate_no', '出生医学证明编号不能超过 30 个字');
    const village = text('village');
    if (village !== '' && !villages.has(village)) bad('village', '没有该村代码（或不在您的管辖范围内）');
    if (found.length > before || !sex || !birthDate) continue;

    const key = `${motherId ?? motherName}|${birthDate}|${sex}|${childName}`;
    const first = seen.get(key);
    if (first) {
      bad('child_name', `与第 ${first} 行重复（同一母亲、出生日期、性别和子女姓名）`);
      continue;
    }
    seen.set(key, r.row);
    out.push({
      row_no: r.row,
      mother_id_number: motherId,
      mother_name: motherName,
      child_name: childName || null,
      sex,
      birth_date: birthDate,
      facility: facility || null,
      certificate_no: certificate || null,
      village_code: village || null,
    });
  }
  return found.length ? { rows: [], problems: found.sort((a, b) => a.row - b.row) } : { rows: out, problems: [] };
}
