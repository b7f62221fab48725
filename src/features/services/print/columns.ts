/**
 * The columns of the printed village sheets (mm on A4 landscape, `null`: the column that takes the rest) and
 * the lines each row takes in them, for sheets.ts to cut pages by. The widths are CSS classes
 * (col.w<N> in views/assets/print.css, no inline styles under the CSP); a width added here needs its class.
 * Names, ID numbers, dates and codes are sized to fit on one line; addresses, reasons and results may wrap.
 */
import { label, METHOD, SERVICE_KIND } from '../../../domain/codes.ts';
import { rowLines, type Columns } from './sheets.ts';

export const SHEET_COLUMNS = {
  //            序号 姓名 身份证号 配偶 住址/电话 应措原因 落实情况
  shouldAdopt: [10, 30, 38, 20, null, 40, 45],
  //            序号 姓名 身份证号 核减原因
  removed: [10, 30, 38, null],
  //            序号 姓名 身份证号 住址/电话 随访事由 级别 应随访日期 随访日期及结果
  followUps: [10, 30, 38, null, 40, 30, 36, 36],
  //            序号 姓名 身份证号 住址/电话 措施 放置日期 到期日期 取出日期/签字
  removals: [10, 45, 38, null, 36, 24, 24, 40],
  //            序号 姓名 身份证号 当前措施 查环 查孕 检查日期/签字
  checks: [10, 45, 38, 36, 24, 24, null],
  // The work order's own tables (a closed item shows 已完成 beside the struck-through name).
  woFollowUps: [10, 36, 38, null, 40, 30, 36, 36],
  woShouldAdopt: [10, 36, 38, 20, null, 40, 45],
  woChecks: [10, 36, 38, 36, 40, null],
  woRemovals: [10, 36, 38, null, 36, 24, 40],
} satisfies Record<string, Columns>;

const addr = (p: { address?: string | null; phone?: string | null }) => `${p.address ?? ''} ${p.phone ?? ''}`;
const service = (f: { service_kind?: string | null; performed_on?: string | null }) => (f.service_kind ? `${label(SERVICE_KIND, f.service_kind)}（${f.performed_on ?? ''}）` : '');

type Person = { address?: string | null; phone?: string | null; reason?: string };
type FollowUp = Person & { service_kind?: string | null; performed_on?: string | null; result?: string | null; done_on?: string | null };

/** Lines of a row in each printed table (see the views under views/services). */
export const ROW_LINES = {
  shouldAdopt: (p: Person) =>
    rowLines(SHEET_COLUMNS.shouldAdopt, [
      [4, addr(p)],
      [5, p.reason ?? ''],
    ]),
  removed: (p: Person) => rowLines(SHEET_COLUMNS.removed, [[3, p.reason ?? '']]),
  followUps: (f: FollowUp) =>
    rowLines(SHEET_COLUMNS.followUps, [
      [3, addr(f)],
      [4, service(f)],
    ]),
  woFollowUps: (f: FollowUp) =>
    rowLines(SHEET_COLUMNS.woFollowUps, [
      [3, addr(f)],
      [4, service(f)],
      [7, f.done_on ? `${f.done_on} ${f.result ?? ''}` : ''],
    ]),
  removals: (p: Person & { method: string }) =>
    rowLines(SHEET_COLUMNS.removals, [
      [3, addr(p)],
      [4, label(METHOD, p.method)],
    ]),
  woShouldAdopt: (p: Person & { closing?: string | null }) =>
    rowLines(SHEET_COLUMNS.woShouldAdopt, [
      [4, addr(p)],
      [5, p.reason ?? ''],
      [6, p.closing ?? ''],
    ]),
  woRemovals: (p: Person & { method: string }) =>
    rowLines(SHEET_COLUMNS.woRemovals, [
      [3, addr(p)],
      [4, label(METHOD, p.method)],
    ]),
};
