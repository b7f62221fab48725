/**
 * 计划生育特殊家庭 in the demo county (issue 17 §2), written after the people and before the month close (so the
 * closed months' snapshots hold 建档率 and 落实率 as the live report does):
 *   - the couples the 特扶 rule accepts (the feature's proposals, on today) get a file three times in four, opened
 *     60 days to two years ago, each with a township cadre and a village doctor as contact persons; the fourth stays
 *     a proposal without a file;
 *   - care records from the opening to yesterday: two families in three are contacted every month (mostly by phone)
 *     and visited at each 春节 and 中秋 window; the others miss about a month in three and every festival visit,
 *     so the due list and 落实率 show both.
 * Deterministic: every choice comes from the woman's id and the seed (no clock, no random state).
 */
import type { Knex } from 'knex';
import { addDays, addMonthsToMonth, monthOf, monthStart, type IsoDate } from '../../src/domain/dates.ts';
import { careRules, proposals } from '../../src/features/special-families/service.ts';
import { isoOf } from './days.ts';
import type { GenContext } from './life.ts';

const CADRES = ['张建华', '李玉梅', '王志强', '刘桂芳', '陈国庆', '杨秀兰', '赵文斌', '黄丽娟'];
const DOCTORS = ['周医生', '吴春花', '郑海军', '孙美玲', '马德成', '朱晓红'];
const KINDS = ['emotional', 'daily_life', 'old_age', 'serious_illness'] as const;
const CONTENT: Record<(typeof KINDS)[number], string> = {
  emotional: '电话问候，了解近况，陪同聊天',
  daily_life: '帮助打扫卫生、代购生活用品',
  old_age: '讲解养老保险和特扶政策，核对发放情况',
  serious_illness: '了解就医情况，协助办理大病救助申请',
};

const hash = (n: number, salt: number, seed: number) => ((n * 2654435761 + salt * 40503 + (seed % 100000)) % 1000003) % 100;

export async function seedSpecialFamilies(trx: Knex, ctx: GenContext, county: { id: number; code: string }): Promise<{ files: number; care: number; proposals: number }> {
  const today = isoOf(ctx.today);
  const yesterday = isoOf(ctx.today - 1);
  const seed = ctx.seed;
  const scope = { level: 'county' as const, regionId: county.id, code: county.code };
  const couples = await proposals(trx, scope, county.code, today);
  const rules = await careRules(trx);
  const files: Record<string, unknown>[] = [];
  for (const c of couples) {
    if (hash(c.id, 1, seed) < 25) continue;
    const opened = addDays(today, -(60 + ((c.id * 37 + seed) % 670)));
    files.push({
      woman_id: c.id,
      kind: c.kind,
      husband_name: c.spouse_name,
      child_name: c.child_name,
      child_event_on: c.kind === 'loss' ? c.child_death_date : null,
      disability_grade: c.kind === 'disability' ? c.child_disability_grade : null,
      lives_alone: hash(c.id, 2, seed) < 30,
      income_level: (['subsistence', 'low', 'average', 'low'] as const)[hash(c.id, 3, seed) % 4],
      health: (['good', 'chronic', 'chronic', 'serious'] as const)[hash(c.id, 4, seed) % 4],
      household_note: hash(c.id, 5, seed) < 30 ? '老两口独居，子女去世后情绪低落' : null,
      opened_on: opened,
      created_at: new Date(`${opened}T10:00:00+08:00`),
      updated_at: new Date(`${opened}T10:00:00+08:00`),
    });
  }
  if (files.length === 0) return { files: 0, care: 0, proposals: couples.length };
  const inserted: { id: number; woman_id: number; opened_on: IsoDate }[] = await trx('special_family_files').insert(files).returning(['id', 'woman_id', 'opened_on']);
  await trx('special_family_contacts').insert(
    inserted.flatMap((f) => [
      { file_id: f.id, position: 1, name: CADRES[f.woman_id % CADRES.length], role: 'township_cadre', phone: `139${String(10000000 + ((f.woman_id * 7919) % 89999999)).slice(0, 8)}` },
      { file_id: f.id, position: 2, name: DOCTORS[f.woman_id % DOCTORS.length], role: 'village_doctor', phone: `137${String(10000000 + ((f.woman_id * 104729) % 89999999)).slice(0, 8)}` },
    ]),
  );
  const care: Record<string, unknown>[] = [];
  const record = (f: { id: number; woman_id: number }, on: IsoDate, mode: 'visit' | 'phone', n: number) => {
    const kind = KINDS[(f.woman_id + n) % KINDS.length];
    care.push({ file_id: f.id, cared_on: on, carer: mode === 'visit' ? CADRES[f.woman_id % CADRES.length] : DOCTORS[f.woman_id % DOCTORS.length], kind, mode, content: CONTENT[kind] });
  };
  for (const f of inserted) {
    const steady = hash(f.woman_id, 6, seed) < 67;
    let n = 0;
    for (let m = monthOf(f.opened_on); m <= monthOf(yesterday); m = addMonthsToMonth(m, 1), n += 1) {
      if (!steady && hash(f.woman_id + n, 7, seed) < 34) continue;
      const on = addDays(monthStart(m), (f.woman_id + n) % 25);
      if (on < f.opened_on || on > yesterday) continue;
      record(f, on, hash(f.woman_id + n, 8, seed) < 20 ? 'visit' : 'phone', n);
    }
    if (!steady) continue;
    for (const r of rules) {
      if (r.kind !== 'window' || !r.from_date || !r.to_date) continue;
      const on = addDays(r.from_date, 10);
      if (on >= f.opened_on && on <= yesterday && on <= r.to_date) record(f, on, 'visit', n++);
    }
  }
  for (let i = 0; i < care.length; i += 2000) await trx('special_family_care').insert(care.slice(i, i + 2000));
  return { files: inserted.length, care: care.length, proposals: couples.length - inserted.length };
}
