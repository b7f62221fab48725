/** The register's operator commands run the same services as the nightly job. */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld } from '../../helpers/fixtures.ts';
import { actorFor, makeCard, womanId } from '../../helpers/women.ts';
import { cli } from '../../helpers/cli.ts';
import { must } from '../../helpers/must.ts';

describe('register commands', () => {
  const t = useTestDatabase();

  it('exit-over-age and recompute-findings, with --date; a bad date fails with a message', async () => {
    const w = await seedWorld(t.db);
    const clerk = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
    const old = await makeCard(t.db, clerk, w.villageA1.code, { id_number: womanId('1976-05-01') });
    await makeCard(t.db, clerk, w.villageA1.code);

    const exit = cli(t.url, ['exit-over-age', '--date', '2026-05-01']);
    expect(exit.code, exit.err).toBe(0);
    expect(exit.out).toContain('已将 1 名年满50周岁的妇女出队');
    expect(must(await t.db('women').where({ id: old.id }).first(), 'card').status).toBe('exited');

    const recompute = cli(t.url, ['recompute-findings', '--date', '2026-05-01']);
    expect(recompute.code, recompute.err).toBe(0);
    expect(recompute.out).toMatch(/已检查 1 张在册信息卡：错误 0 条，提示 1 条/);

    const bad = cli(t.url, ['exit-over-age', '--date', '2026-02-30']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--date 应为日期');
  }, 60_000);
});
