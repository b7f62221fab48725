import { describe, expect, it } from 'vitest';
import { recordAudit } from '../../../src/features/audit/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { must } from '../../helpers/must.ts';

describe('audit log', () => {
  const t = useTestDatabase();

  it('stores before/after redacted: no hashes, masked ID numbers', async () => {
    await recordAudit(t.db, null, {
      action: 'test.write',
      entity: 'woman',
      entityId: 7,
      before: { id_number: '11010519491231002X', password_hash: 'secret' },
      after: { name: '王秀英', note: '身份证 11010519491231002X' },
    });
    const row = must(await t.db('audit_log').where({ action: 'test.write' }).first(), 'audit row');
    expect(row.before).toEqual({ id_number: '110105***********X' });
    expect(row.after).toEqual({ name: '王秀英', note: '身份证 110105***********X' });
    expect(JSON.stringify(row)).not.toMatch(/\d{17}[\dX]/);
  });

  it('cannot be updated, deleted or truncated, by any database role', async () => {
    await recordAudit(t.db, null, { action: 'test.keep', entity: 'x' });
    await expect(t.db('audit_log').where({ action: 'test.keep' }).update({ action: 'changed' })).rejects.toThrow(/append-only/);
    await expect(t.db('audit_log').where({ action: 'test.keep' }).del()).rejects.toThrow(/append-only/);
    await expect(t.db.raw('truncate audit_log')).rejects.toThrow(/append-only/);
    const [{ n }] = await t.db('audit_log').where({ action: 'test.keep' }).count({ n: '*' });
    expect(n).toBe(1);
  });
});
