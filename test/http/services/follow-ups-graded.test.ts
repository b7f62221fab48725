/**
 * Graded follow-ups over HTTP (issue 16 §1): a pregnancy entered on the card's form makes its village-level 怀孕
 * follow-up; the list shows each follow-up's trigger (怀孕 / 手术 …) and filters by level; the home panel puts the
 * office's own level first — the township's for the township clerk, the county's for the county supervisor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordService } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

function rowsOf(html: string) {
  const doc = $(html);
  return doc('table.data.follow-up-list tbody tr')
    .map((_i, tr) => {
      const cell = (label: string) => doc(tr).find(`td[data-label="${label}"]`).text().replace(/\s+/g, ' ').trim();
      return [cell('应随访日期'), cell('随访级别'), cell('触发'), cell('随访事由')].join(' | ');
    })
    .get();
}

describe('graded follow-ups: the trigger column, the level filter, the home panel by level', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  let county: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
    const s = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    county = new Client(app.app);
    await county.login(s.username, s.password);
    const actor = actorFor(u, w.townshipA);
    const pregnant = await makeCard(t.db, actor, w.villageA1.code, { name: '王秀英' });
    const res = await clerk.post(`/women/${pregnant.id}/pregnancies`, { found_on: '2026-10-01' });
    expect(res.status).toBe(303);
    const iud = await makeCard(t.db, actor, w.villageA2.code, { name: '李桂兰' });
    await recordService(t.db, actor, iud.id, { kind: 'iud_insertion', performed_on: '2026-10-20', facility: '乡镇服务站', complication: 'none' }, { today: TEST_TODAY });
  });
  afterAll(() => app.close());

  it('the card form’s pregnancy made one 怀孕 follow-up at village level; the list shows each trigger', async () => {
    const rows = rowsOf((await clerk.get('/follow-ups?status=all')).text);
    expect(rows).toContain('2026-10-31 | 村级服务员 | 怀孕 | 怀孕（2026-10-01）');
    expect(rows).toContain('2026-11-20 | 乡镇计生办/服务站 | 手术 | 放置宫内节育器(上环)（2026-10-20）');
    expect(rows.filter((r) => r.includes('| 怀孕 |'))).toHaveLength(1);
  });

  it('the level filter keeps one level', async () => {
    const village = rowsOf((await clerk.get('/follow-ups?status=all&level=village')).text);
    expect(village).toEqual(['2026-10-31 | 村级服务员 | 怀孕 | 怀孕（2026-10-01）']);
    const township = rowsOf((await clerk.get('/follow-ups?status=all&level=township')).text);
    expect(township.length).toBeGreaterThan(0);
    expect(township.every((r) => r.includes('| 乡镇计生办/服务站 | 手术 |'))).toBe(true);
  });

  it('the township clerk’s home counts the township level first; the county supervisor’s the county level', async () => {
    const own = (html: string) => $(html)('#p-service-tasks').parent().find('li.own-level');
    const mine = own((await clerk.get('/')).text);
    expect(mine.text().replace(/\s+/g, ' ')).toContain('本级（乡镇计生办/服务站）随访：逾期 0 人次，本月到期 1 人次');
    expect(mine.find('a[href="/follow-ups?status=due&level=township"]').length).toBe(1);
    const theirs = own((await county.get('/')).text);
    expect(theirs.text().replace(/\s+/g, ' ')).toContain('本级（县计生指导站）随访：逾期 0 人次，本月到期 0 人次');
    // The county's totals still hold every level (the village's overdue 怀孕 visit).
    expect(
      $((await county.get('/')).text)('#p-service-tasks')
        .parent()
        .text(),
    ).toMatch(/逾期未随访：\s*1\s*人次/);
  });
});
