/**
 * A constraint error that gets past every form rule (a race, a rule someone forgot) is a 422 with the form
 * re-rendered and everything typed kept — never a 500. The test forces the database to refuse a card the form
 * accepted, with a trigger that raises the same errors PostgreSQL raises for a CHECK, a UNIQUE, an int4
 * overflow and an unmapped constraint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';
import { refusalLog } from '../../helpers/generative.ts';

describe('constraint errors past the form rules', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  const log = refusalLog();

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
    // The address picks which error the database raises, as if a constraint the form does not know about fired.
    await t.db.raw(`
      create function test_refuse() returns trigger language plpgsql as $$
      begin
        if new.address = '姓名约束' then raise exception 'x' using errcode = 'check_violation', constraint = 'women_name_check'; end if;
        if new.address = '重复' then raise exception 'x' using errcode = 'unique_violation', constraint = 'women_active_id_number_key'; end if;
        if new.address = '未登记约束' then raise exception 'x' using errcode = 'check_violation', constraint = 'some_future_check'; end if;
        if new.address = '溢出' then perform 2147483648::int4; end if;
        return new;
      end $$;
      create trigger test_refuse before insert or update on women for each row execute function test_refuse();
    `);
  });
  afterAll(() => app.close());

  async function refused(address: string) {
    const before = await t.db('women').count({ n: '*' }).first();
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { name: '韩梅梅', address, phone: '13912345678' }));
    expect(res.status, res.text.slice(0, 400)).toBe(422);
    const $r = $(res.text);
    expect($r('#f-name').attr('value')).toBe('韩梅梅');
    expect($r('#f-address').attr('value')).toBe(address);
    expect($r('#f-phone').attr('value')).toBe('13912345678');
    expect(await t.db('women').count({ n: '*' }).first()).toEqual(before);
    // Logged as a missing form rule (what the generative tests fail on).
    expect(log.refusals.splice(0)).toHaveLength(1);
    return $r;
  }

  it('a mapped constraint puts its message at its field', async () => {
    expect((await refused('姓名约束'))('#f-name-err').text()).toBe('姓名应为 1–50 个字');
    expect((await refused('重复'))('#f-id_number-err').text()).toBe('该身份证号已有在册信息卡，不能重复建卡');
  });

  it('an unmapped constraint and a number out of range give a general message above the form', async () => {
    expect((await refused('未登记约束'))('.error-summary').text()).toContain('保存未成功：填写的内容与已有记录或数据规则冲突');
    expect((await refused('溢出'))('.error-summary').text()).toContain('有数值超出了允许的范围');
  });
});
