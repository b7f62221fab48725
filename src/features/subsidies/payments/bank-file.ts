/**
 * The bank file of a payment batch ("直通车" payment into the beneficiary's own account, domain-notes §4.2):
 * UTF-8 with a BOM so spreadsheet programs read the Chinese, CRLF lines, amounts in yuan with two decimals, and a
 * control line last ("合计,N 笔,X.XX 元": the count and total the bank reconciles the file against). Written with
 * the one CSV writer (src/files/csv.ts), so quoting and formula neutralising are the same as every other file.
 * Accounts are masked unless full ones are asked for — by the county supervisor with a reason, or for every
 * export when the county has set BANK_EXPORT_FULL_ACCOUNT; either way audited. ID numbers are always masked
 * (DESIGN §8). Pure: the route sends the string.
 */
import { SUBSIDY_PROGRAM, type SubsidyProgram } from '../../../domain/codes.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { maskAccount } from '../../../domain/redact.ts';
import { fenToYuan, periodLabel } from '../../../domain/subsidy-money.ts';
import { CSV_BOM, csvLines } from '../../../files/csv.ts';

export const BANK_CSV_HEADER = ['序号', '收款人姓名', '开户银行', '银行账号', '金额(元)', '补助项目', '发放期间', '身份证号'];

export interface BankCsvRow {
  payee_name: string;
  bank_name: string;
  bank_account: string;
  amount_fen: number;
  payee_id_number: string | null;
}

/** The control line's cells: 合计, the number of rows, the total in yuan (integer fen summed, no float drift). */
export function bankCsvControl(rows: readonly { amount_fen: number }[]): string[] {
  const total = rows.reduce((s, r) => s + r.amount_fen, 0);
  return ['合计', `${rows.length} 笔`, `${fenToYuan(total)} 元`];
}

export function bankCsv(batch: { program: SubsidyProgram; period: string }, rows: BankCsvRow[], fullAccount: boolean): string {
  const payments = rows.map((r, i) => [
    String(i + 1),
    r.payee_name,
    r.bank_name,
    fullAccount ? r.bank_account : maskAccount(r.bank_account),
    fenToYuan(r.amount_fen),
    SUBSIDY_PROGRAM[batch.program],
    periodLabel(batch.period),
    maskIdNumber(r.payee_id_number),
  ]);
  return CSV_BOM + csvLines([BANK_CSV_HEADER, ...payments, bankCsvControl(rows)]);
}
