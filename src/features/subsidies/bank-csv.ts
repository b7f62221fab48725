/**
 * The bank file of a payment batch ("直通车" payment into the beneficiary's own account, domain-notes §4.2):
 * UTF-8 with a BOM so spreadsheet programs read the Chinese, CRLF lines, amounts in yuan with two decimals.
 * Accounts are masked unless the county has set BANK_EXPORT_FULL_ACCOUNT (the export is then audited);
 * ID numbers are always masked (DESIGN §8). Pure: the route sends the string.
 */
import { SUBSIDY_PROGRAM, type SubsidyProgram } from '../../domain/codes.ts';
import { maskIdNumber } from '../../domain/id-number.ts';
import { maskAccount } from '../../domain/redact.ts';
import { fenToYuan, periodLabel } from '../../domain/subsidy-money.ts';

export const BANK_CSV_HEADER = ['序号', '收款人姓名', '开户银行', '银行账号', '金额(元)', '补助项目', '发放期间', '身份证号'];

export interface BankCsvRow {
  payee_name: string;
  bank_name: string;
  bank_account: string;
  amount_fen: number;
  payee_id_number: string | null;
}

/** Quote when needed; a leading = + - @ would be run as a formula by spreadsheet programs, so it is neutralised. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function bankCsv(batch: { program: SubsidyProgram; period: string }, rows: BankCsvRow[], fullAccount: boolean): string {
  const lines = [BANK_CSV_HEADER.map(csvCell).join(',')];
  rows.forEach((r, i) => {
    lines.push(
      [
        String(i + 1),
        r.payee_name,
        r.bank_name,
        fullAccount ? r.bank_account : maskAccount(r.bank_account),
        fenToYuan(r.amount_fen),
        SUBSIDY_PROGRAM[batch.program],
        periodLabel(batch.period),
        maskIdNumber(r.payee_id_number),
      ]
        .map(csvCell)
        .join(','),
    );
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
