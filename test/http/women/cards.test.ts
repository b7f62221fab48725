/**
 * The card over HTTP: a clerk registers a woman and her husband, the server checks the ID number, the
 * duplicate guard points at the existing card, a stale edit is a 409 that overwrites nothing, the full ID
 * number is shown on request with a reason and audited with it, and another township's clerk gets 404 for reading and writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { formFields } from '../../helpers/forms.ts';
import { cardFields, manId, womanId } from '../../helpers/women.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { must } from '../../helpers/must.ts';

describe('育龄妇女信息卡', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;
  let countySup: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, displayName: '张录入' });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    const c = await makeUser(t.db, { role: 'supervisor', regionId: w.county.id });
    clerkA = new Client(app.app);
    await clerkA.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
    countySup = new Client(app.app);
    await countySup.login(c.username, c.password);
  });
  afterAll(() => app.close());

  async function register(client: Client, fields: Record<string, string>) {
    return client.post('/women', fields as Record<string, string>);
  }

  it('a clerk registers a woman and her husband; the card offers next steps and the list masks the ID', async () => {
    const form = cardFields(w.villageA1.code, { name: '王秀英', spouse_name: '李建国' });
    const res = await register(clerkA, form);
    expect(res.status, res.text).toBe(303);
    const id = Number(/\/women\/(\d+)\?saved=1/.exec(res.headers.location)![1]);
    const row = await t.db('women').where({ id }).first();
    expect(row).toMatchObject({ name: '王秀英', birth_date: '1990-05-12', spouse_name: '李建国', status: 'active', region_id: w.villageA1.id });

    const page = await clerkA.get(res.headers.location);
    expect(page.status).toBe(200);
    const $p = $(page.text);
    expect($p('.flash-success').text()).toContain('已保存 王秀英 的信息卡');
    expect($p('h1').first().text()).toContain('王秀英');
    expect($p('.id-number').text()).toBe(maskIdNumber(form.id_number));
    expect(page.text).not.toContain(form.id_number);
    expect(
      $p('.next-steps a')
        .map((_i, a) => $p(a).text())
        .get(),
    ).toEqual(['添加子女', '记录技术服务', '登记避孕措施', '继续新增育龄妇女']);
    expect($p('#spouse').text()).toContain('李建国');
    // Married, no method yet: the 应措 hint shows on the card.
    expect($p('#findings').text()).toContain('已婚未避孕（应措）');

    const list = await clerkA.get('/women?q=秀英');
    const $l = $(list.text);
    expect($l('.result-count').text()).toContain('共 1 人');
    expect($l('table.women-list tbody tr').first().text()).toContain(maskIdNumber(form.id_number));
    expect(list.text).not.toContain(form.id_number);
    const byIdPart = await clerkA.get(`/women?q=${form.id_number.slice(8, 14)}`);
    expect($(byIdPart.text)('table.women-list tbody tr a').first().text()).toBe('王秀英');

    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'card.create', entity: 'woman', entity_id: String(id) })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ name: '王秀英', id_number: maskIdNumber(form.id_number) });
  });

  it('refuses bad ID numbers, a man, an age outside 15–49 and a marriage before 20, with the message at the field', async () => {
    const good = womanId();
    const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    let res = await register(clerkA, cardFields(w.villageA1.code, { id_number: badCheck, name: '校验位' }));
    expect(res.status).toBe(422);
    // The number does not check: no expected character is named (the typo may be anywhere).
    expect($(res.text)('#f-id_number-err').text()).toBe('身份证号校验不通过，请逐位核对证件');
    expect($(res.text)('#f-name').attr('value')).toBe('校验位');

    // A birth date after today in the number: refused as such, never "今年 -4 周岁".
    res = await register(clerkA, cardFields(w.villageA1.code, { id_number: womanId('2030-05-12'), name: '未来出生' }));
    expect(res.status).toBe(422);
    expect($(res.text)('#f-id_number-err').text()).toBe('身份证号中的出生日期在今天之后，请核对证件');
    expect(res.text).not.toMatch(/-\d+ 周岁/);
    expect(await t.db('women').where({ name: '未来出生' }).first()).toBeUndefined();

    res = await register(clerkA, cardFields(w.villageA1.code, { id_number: manId('1990-01-01') }));
    expect($(res.text)('#f-id_number-err').text()).toMatch(/男性/);

    res = await register(clerkA, cardFields(w.villageA1.code, { id_number: womanId('1970-01-01') }));
    expect($(res.text)('#f-id_number-err').text()).toMatch(/56 周岁，不在 15–49 周岁/);

    res = await register(clerkA, cardFields(w.villageA1.code, { marriage_date: '2008-06-01', name: '早婚' }));
    expect(res.status).toBe(422);
    expect($(res.text)('#f-marriage_date-err').text()).toMatch(/年仅 18 周岁，未满法定婚龄 20 周岁/);
    expect(await t.db('women').where({ name: '早婚' }).first()).toBeUndefined();

    // With the legal exception recorded, it saves and the card lists a W instead.
    res = await register(clerkA, cardFields(w.villageA1.code, { marriage_date: '2008-06-01', name: '早婚', early_marriage_note: '自治条例' }));
    expect(res.status).toBe(303);
    const page = await clerkA.get(res.headers.location);
    expect($(page.text)('#findings').text()).toContain('早婚（已记录说明）');
  });

  it('the duplicate guard: the same ID in this township links to her card; in another township it offers a transfer', async () => {
    const form = cardFields(w.villageA2.code, { name: '刘芳' });
    const first = await register(clerkA, form);
    const id = Number(/\/women\/(\d+)/.exec(first.headers.location)![1]);

    const again = await register(clerkA, { ...form, name: '刘芳二' });
    expect(again.status).toBe(422);
    expect($(again.text)('#f-id_number-err').text()).toContain('该身份证号已有在册信息卡（西街村 刘芳）');
    expect($(again.text)(`a[href="/women/${id}"]`).length).toBe(1);

    const elsewhere = await register(clerkB, { ...form, name: '小芳', village: w.villageB1.code });
    expect(elsewhere.status).toBe(422);
    const $e = $(elsewhere.text);
    expect($e('#f-id_number-err').text()).toContain('城关镇 西街村');
    expect($e('#dup-h').parent().text()).toContain('刘*');
    expect($e('form[action="/transfers/request"]').length).toBe(1);
    expect(elsewhere.text).not.toContain('刘芳');
    expect(await t.db('women').where({ id_number: form.id_number })).toHaveLength(1);
  });

  it('a stale edit answers 409, shows what changed meanwhile and overwrites nothing; a good edit is audited', async () => {
    const res = await register(clerkA, cardFields(w.villageA1.code, { name: '陈静', phone: '13800000001' }));
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    const edit = await clerkA.get(`/women/${id}/edit`);
    const $f = $(edit.text);
    const fields: Record<string, string> = {};
    $f('form.form input, form.form select').each((_i, el) => {
      const name = $f(el).attr('name');
      if (!name || name === '_csrf') return;
      fields[name] = ($f(el).is('select') ? $f(el).find('option[selected]').attr('value') : $f(el).attr('value')) ?? '';
    });
    expect(fields.version).toBe('1');

    const saved = await clerkA.post(`/women/${id}`, { ...fields, phone: '13900000002' });
    expect(saved.status, saved.text).toBe(303);
    const stale = await clerkA.post(`/women/${id}`, { ...fields, address: '新地址' });
    expect(stale.status).toBe(409);
    const $s = $(stale.text);
    expect($s('.conflict').text()).toContain('张录入');
    expect($s('.conflict tbody').text()).toContain('13900000002');
    expect($s('input[name=version]').attr('value')).toBe('2');
    expect($s('#f-address').attr('value')).toBe('新地址');
    const row = must(await t.db('women').where({ id }).first(), 'card');
    expect(row).toMatchObject({ phone: '13900000002', version: 2 });
    expect(row.address).not.toBe('新地址');

    const audit = await t.db('audit_log').where({ action: 'card.update', entity_id: String(id) });
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toEqual({ phone: '13800000001' });
    expect(audit[0].after).toEqual({ phone: '13900000002', version: 2 });
    const card = await clerkA.get(`/women/${id}`);
    const editRow = $(card.text)('#audit tbody tr').first();
    expect(editRow.text()).toContain('张录入');
    expect(editRow.text()).toContain('联系电话：13800000001 → 13900000002');
  });

  it('a married card without a marriage date is a 422 at the field with everything typed kept, new or edit (was a 500)', async () => {
    for (const marital of ['first_marriage', 'remarried', 'divorced', 'widowed']) {
      const name = `无婚期${marital.length}`;
      const form = cardFields(w.villageA1.code, { name, marital_status: marital, marriage_date: '', address: '南街7号', phone: '13811112222' });
      const res = await register(clerkA, form);
      expect(res.status, res.text.slice(0, 300)).toBe(422);
      const $r = $(res.text);
      expect($r('#f-marriage_date-err').text()).toContain('须填写结婚日期');
      expect($r('#f-name').attr('value')).toBe(name);
      expect($r('#f-address').attr('value')).toBe('南街7号');
      expect($r('#f-phone').attr('value')).toBe('13811112222');
      expect($r('#f-marital_status option[selected]').attr('value')).toBe(marital);
      expect(await t.db('women').where({ name }).first()).toBeUndefined();
    }
    const res = await register(clerkA, cardFields(w.villageA1.code, { name: '改婚期' }));
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    const fields = formFields((await clerkA.get(`/women/${id}/edit`)).text);
    const edit = await clerkA.post(`/women/${id}`, { ...fields, marital_status: 'divorced', marriage_date: '', address: '北街9号' });
    expect(edit.status).toBe(422);
    expect($(edit.text)('#f-marriage_date-err').text()).toContain('须填写结婚日期');
    expect($(edit.text)('#f-address').attr('value')).toBe('北街9号');
    expect(await t.db('women').where({ id }).first()).toMatchObject({ version: 1, marital_status: 'first_marriage' });
  });

  it('shows the full ID number once on request with a reason, and audits it with that reason', async () => {
    const form = cardFields(w.villageA1.code, { name: '赵敏' });
    const res = await register(clerkA, form);
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    const card = $((await clerkA.get(`/women/${id}`)).text);
    // The card asks for the reason: a required field with the common reasons offered.
    const input = card(`form[action="/women/${id}/reveal"] input[name="reason"]`);
    expect(input.attr('required')).toBeDefined();
    expect(
      card(`#${input.attr('list')} option`)
        .map((_i, o) => card(o).attr('value'))
        .get(),
    ).toContain('群众来办事，核对身份');
    const reveal = await clerkA.post(`/women/${id}/reveal`, { reason: '办理奖励扶助、特别扶助' });
    expect(reveal.status).toBe(303);
    const shown = await clerkA.get(`/women/${id}`);
    expect($(shown.text)('.id-number').text()).toBe(form.id_number);
    const again = await clerkA.get(`/women/${id}`);
    expect($(again.text)('.id-number').text()).toBe(maskIdNumber(form.id_number));
    const audit = await t.db('audit_log').where({ action: 'card.reveal_id', entity_id: String(id) });
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toBe('办理奖励扶助、特别扶助');
    // The card's history and the audit log show why.
    expect($(again.text)('#audit').text()).toContain('原因：办理奖励扶助、特别扶助');
    const log = $((await countySup.get(`/audit?action=card.reveal_id&entity_id=${id}`)).text);
    expect(log('table.audit tbody tr').text()).toContain('原因：办理奖励扶助、特别扶助');
  });

  it('refuses to reveal without a reason: 422, the card again with the message at the field, nothing shown, no audit row', async () => {
    const form = cardFields(w.villageA1.code, { name: '钱芳' });
    const res = await register(clerkA, form);
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    for (const reason of [undefined, '', '   ', '查']) {
      const refused = await clerkA.post(`/women/${id}/reveal`, reason === undefined ? {} : { reason });
      expect(refused.status, `reason ${JSON.stringify(reason)}`).toBe(422);
      const page = $(refused.text);
      expect(page('details.reveal').attr('open')).toBeDefined();
      expect(page('#f-reason-err').text()).toMatch(/查看完整身份证号的原因/);
      expect(page('#f-reason').val()).toBe(reason ?? '');
      expect(page('.id-number').text()).toBe(maskIdNumber(form.id_number));
      expect(refused.text).not.toContain(form.id_number);
    }
    expect($((await clerkA.get(`/women/${id}`)).text)('.id-number').text()).toBe(maskIdNumber(form.id_number));
    expect(await t.db('audit_log').where({ action: 'card.reveal_id', entity_id: String(id) })).toHaveLength(0);
  });

  it('another township’s clerk gets 404 reading or writing her, by URL or by form field; the county reads but does not write', async () => {
    const res = await register(clerkA, cardFields(w.villageA1.code, { name: '孙丽' }));
    const id = Number(/\/women\/(\d+)/.exec(res.headers.location)![1]);
    expect((await clerkB.get(`/women/${id}`)).status).toBe(404);
    expect((await clerkB.get(`/women/${id}/edit`)).status).toBe(404);
    expect((await clerkB.post(`/women/${id}`, { ...cardFields(w.villageB1.code), version: '1' })).status).toBe(404);
    expect((await clerkB.post(`/women/${id}/children`, { sex: 'male', birth_date: '2015-01-01' })).status).toBe(404);
    expect((await clerkB.post(`/women/${id}/reveal`, { reason: '核对' })).status).toBe(404);
    expect((await clerkB.post(`/women/${id}/reveal`)).status).toBe(404);
    expect((await clerkB.post(`/women/${id}/exit`, { exit_reason: 'other', exit_date: '2026-01-01', version: '1' })).status).toBe(404);
    // A village code of another township in the form is a 404 too, and nothing is written.
    const sneaky = await register(clerkB, cardFields(w.villageA1.code, { name: '越权' }));
    expect(sneaky.status).toBe(404);
    expect(await t.db('women').where({ name: '越权' }).first()).toBeUndefined();
    const list = await clerkB.get('/women?q=孙丽');
    expect($(list.text)('.result-count').text()).toContain('共 0 人');

    expect((await countySup.get(`/women/${id}`)).status).toBe(200);
    expect((await countySup.get('/women/new')).status).toBe(403);
    expect((await countySup.post(`/women/${id}/exit`, { exit_reason: 'other', exit_date: '2026-01-01', version: '1' })).status).toBe(403);
  });
});
