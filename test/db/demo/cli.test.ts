/** `npm run cli -- seed-demo` loads the demo county with the given size, seed and day, and checks its flags. */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db.ts';
import { cli } from '../../helpers/cli.ts';
import { must } from '../../helpers/must.ts';

describe('seed-demo command', () => {
  const t = useTestDatabase();

  it('rejects a bad --today and changes nothing', async () => {
    const bad = cli(t.url, ['seed-demo', '--women', '50', '--today', '2026-02-30']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--today');
    expect((await t.db('regions').count({ n: '*' }))[0].n).toBe(0);
  }, 60_000);

  it('loads the county with the given size and day, prints what it made, and refuses a second load', async () => {
    const r = cli(t.url, ['seed-demo', '--women', '120', '--seed', '5', '--today', '2025-06-30']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('育龄妇女信息卡 120 张');
    expect((await t.db('women').count({ n: '*' }))[0].n).toBe(120);
    const latest = await t.db('services').max({ d: 'performed_on' }).first();
    expect(latest!.d <= '2025-06-30').toBe(true);
    const audit = must(await t.db('audit_log').where({ action: 'demo.seed' }).first(), 'audit row');
    expect(audit.after).toMatchObject({ women: 120, seed: 5, today: '2025-06-30' });
    const again = cli(t.url, ['seed-demo', '--women', '10']);
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('数据库不是空的');
  }, 60_000);
});
