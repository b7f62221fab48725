/** The bank file of a payment batch (src/features/subsidies/payments/bank-file.ts): pure, no database. */
import { describe, expect, it } from 'vitest';
import { bankCsv, bankCsvControl } from '../../../src/features/subsidies/payments/bank-file.ts';

const payee = (payee_name: string, amount_fen = 59000) => ({
  payee_name,
  bank_name: '邮储银行',
  bank_account: '62210000999988887',
  amount_fen,
  payee_id_number: null,
});

describe('bank CSV', () => {
  it('quotes what needs quoting and neutralises spreadsheet formulas', () => {
    const csv = bankCsv(
      { program: 'special_assistance_death', period: '2026-03' },
      [{ payee_name: '赵桂芝', bank_name: '邮储银行', bank_account: '62210000999988887', amount_fen: 59000, payee_id_number: '990100197204020024' }],
      false,
    );
    expect(csv.startsWith('\uFEFF序号,')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe('1,赵桂芝,邮储银行,*************8887,590.00,计划生育家庭特别扶助(独生子女死亡),2026年3月,990100***********4');
    expect(csv.endsWith('\r\n')).toBe(true);

    // A payee name is one cell whatever it holds: quoted when it carries a separator or a quote, a formula
    // neutralised with a leading apostrophe.
    const nameCell = (name: string) =>
      bankCsv({ program: 'reward_assistance', period: '2026' }, [payee(name)], false)
        .split('\r\n')[1]
        .split(',邮储银行,')[0]
        .slice('1,'.length);
    expect(nameCell('王秀英')).toBe('王秀英');
    expect(nameCell('a,b')).toBe('"a,b"');
    expect(nameCell('say "hi"')).toBe('"say ""hi"""');
    expect(nameCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('neutralises a payee name that starts with a tab or a carriage return (a spreadsheet would run what follows)', () => {
    const csv = bankCsv({ program: 'reward_assistance', period: '2026' }, [payee('\t=1+2'), payee('\r=1+2')], false);
    const body = csv.slice(1).split('\r\n');
    expect(body[1]).toBe("1,'\t=1+2,邮储银行,*************8887,590.00,农村部分计划生育家庭奖励扶助(奖扶),2026年,");
    // The CR makes the cell quoted as well, so it stays one line of the file.
    expect(csv).toContain(`\r\n2,"'\r=1+2",邮储银行,`);
    expect(body[body.length - 2]).toBe('合计,2 笔,1180.00 元');
  });

  it('ends with a control line: the number of rows and their total in yuan, summed in fen (no float drift)', () => {
    const row = (amount_fen: number) => ({ payee_name: '赵桂芝', bank_name: '邮储银行', bank_account: '62210000999988887', amount_fen, payee_id_number: null });
    // 0.1 + 0.2 in floating point is 0.30000000000000004: the total is summed in fen.
    const rows = [row(10), row(20), row(97000), row(5)];
    for (const full of [false, true]) {
      const lines = bankCsv({ program: 'reward_assistance', period: '2026' }, rows, full).trimEnd().split('\r\n');
      expect(lines).toHaveLength(rows.length + 2);
      expect(lines[lines.length - 1]).toBe('合计,4 笔,970.35 元');
    }
    expect(bankCsvControl([])).toEqual(['合计', '0 笔', '0.00 元']);
  });
});
