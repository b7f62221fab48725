/**
 * Evaluating the active validation rules for the villages (and townships) under a region in one month: each rule
 * kind reads its figures or records (queries.ts) and applies its pure formula (src/domain/validation-rules.ts).
 * A finding names its rule, level, place, month, a Chinese message, the numbers and links to the people or figures.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { SERVICE_KIND, SEX, label } from '../../../domain/codes.ts';
import { addMonthsToMonth, ageOn, monthEnd, monthLabel, monthStart } from '../../../domain/dates.ts';
import {
  DROP_FIGURE_LABEL,
  RANGE_HISTORY_MONTHS,
  dropVsLastYear,
  outsideFertileAge,
  outsideRange,
  paramsOf,
  percent,
  populationBalance,
  type RuleKind,
  type RuleLevel,
} from '../../../domain/validation-rules.ts';
import * as q from './queries.ts';

/** How many people a finding lists on the page (the rest through its drill-down link). */
export const PEOPLE_SHOWN = 50;

export interface FindingPlace {
  id: number;
  code: string;
  name: string;
  level: 'village' | 'township';
  townshipCode: string;
  townshipName: string;
}

export interface Finding {
  rule: { code: string; name: string; kind: RuleKind; level: RuleLevel };
  place: FindingPlace;
  month: string;
  message: string;
  numbers: { label: string; value: string }[];
  note?: string;
  links: { label: string; href: string }[];
  people: { womanId: number; name: string; detail: string }[];
  peopleTotal: number;
}

type Rule = q.RuleRow;

const url = (path: string, query: Record<string, string>) => `${path}?${new URLSearchParams(query).toString()}`;
const drill = (figure: string, region: string, month: string) => url('/reports/people', { figure, region, from: monthStart(month), to: monthEnd(month) });
const fmt = (n: number) => n.toLocaleString('en-US');
const signed = (n: number) => (n > 0 ? `+${fmt(n)}` : fmt(n));

function placeOf(v: q.PlaceRow): FindingPlace {
  return { id: v.id, code: v.code, name: v.name, level: 'village', townshipCode: v.township_code, townshipName: v.township_name };
}

function finding(
  rule: Rule,
  place: FindingPlace,
  month: string,
  rest: Omit<Finding, 'rule' | 'place' | 'month' | 'people' | 'peopleTotal'> & Partial<Pick<Finding, 'people' | 'peopleTotal'>>,
): Finding {
  return { rule: { code: rule.code, name: rule.name, kind: rule.kind, level: rule.level }, place, month, people: [], peopleTotal: 0, ...rest };
}

interface Context {
  db: Knex;
  scope: Scope;
  prefix: string;
  month: string;
  villages: q.PlaceRow[];
  figures: () => Promise<Map<string, q.FigureRow>>;
}

const figureKey = (regionId: number, month: string) => `${regionId}|${month}`;

async function balance(c: Context, rule: Rule): Promise<Finding[]> {
  const { tolerance } = paramsOf(rule.params);
  const [figures, births] = await Promise.all([c.figures(), q.birthsPerVillage(c.db, c.scope, c.prefix, c.month)]);
  const previous = addMonthsToMonth(c.month, -1);
  const out: Finding[] = [];
  for (const v of c.villages) {
    const start = figures.get(figureKey(v.id, previous));
    const now = figures.get(figureKey(v.id, c.month));
    if (!start || !now) continue;
    const b = births.get(v.id) ?? 0;
    const r = populationBalance({ start: start.population_end, births: b, deaths: now.deaths, movedIn: now.moved_in, movedOut: now.moved_out, end: now.population_end }, tolerance);
    if (!r.fires) continue;
    const moves = (n: number | null) => (n === null ? '未填报' : fmt(n));
    out.push(
      finding(rule, placeOf(v), c.month, {
        message: `期末总人口 ${fmt(now.population_end)} 与推算数 ${fmt(r.expected)} 相差 ${signed(r.difference)} 人，超过允许的 ${fmt(tolerance)} 人。`,
        numbers: [
          { label: '期初（上月期末）', value: fmt(start.population_end) },
          { label: '出生', value: fmt(b) },
          { label: '死亡', value: fmt(now.deaths) },
          { label: '迁入', value: moves(now.moved_in) },
          { label: '迁出', value: moves(now.moved_out) },
          { label: '推算期末', value: fmt(r.expected) },
          { label: '填报期末', value: fmt(now.population_end) },
          { label: '差异', value: signed(r.difference) },
        ],
        note: r.movesMissing ? '本月迁入或迁出人数未填报，按 0 计算（推算未含迁移）。' : undefined,
        links: [
          { label: '出生名单', href: drill('births', v.code, c.month) },
          { label: '人口数据', href: url('/population', { month: c.month, township: v.township_code }) },
        ],
      }),
    );
  }
  return out;
}

async function range(c: Context, rule: Rule): Promise<Finding[]> {
  const figures = await c.figures();
  const out: Finding[] = [];
  for (const v of c.villages) {
    const now = figures.get(figureKey(v.id, c.month));
    if (!now) continue;
    const history: q.FigureRow[] = [];
    for (let i = 1; i <= RANGE_HISTORY_MONTHS; i++) {
      const f = figures.get(figureKey(v.id, addMonthsToMonth(c.month, -i)));
      if (f) history.push(f);
    }
    // Widened a little, so a village that grows or shrinks steadily is not flagged every month.
    const { margin } = paramsOf(rule.params);
    const checks = [
      {
        label: '期末总人口',
        value: now.population_end,
        r: outsideRange(
          history.map((h) => h.population_end),
          now.population_end,
          margin,
        ),
      },
      {
        label: '死亡人数',
        value: now.deaths,
        r: outsideRange(
          history.map((h) => h.deaths),
          now.deaths,
          margin,
        ),
      },
    ].filter((x) => x.r);
    if (checks.length === 0) continue;
    out.push(
      finding(rule, placeOf(v), c.month, {
        message: checks.map((x) => `${x.label} ${fmt(x.value)} 超出前 ${history.length} 个月的范围 ${fmt(x.r!.min)}–${fmt(x.r!.max)}`).join('；') + '。',
        numbers: checks.flatMap((x) => [
          { label: x.label, value: fmt(x.value) },
          { label: `${x.label}以往最小–最大`, value: `${fmt(x.r!.min)}–${fmt(x.r!.max)}` },
        ]),
        links: [{ label: '人口数据', href: url('/population', { month: c.month, township: v.township_code }) }],
      }),
    );
  }
  return out;
}

/** The rules whose findings are lists of women: where their records come from and how each is described. */
interface PeopleKind {
  rows: (db: Knex, scope: Scope, prefix: string, month: string) => Promise<q.PersonRow[]>;
  keep: (r: q.PersonRow) => boolean;
  describe: (r: q.PersonRow) => string;
  words: (n: number) => string;
  figure: string;
}

const PEOPLE_KINDS: Record<'births_without_pregnancy' | 'procedure_age', PeopleKind> = {
  births_without_pregnancy: {
    rows: q.birthsWithoutPregnancy,
    keep: () => true,
    describe: (r) => `${r.event_date} 生育（${label(SEX, r.what)}），无对应孕情记录`,
    words: (n) => `本月 ${n} 例出生没有对应的孕情记录（子女未关联孕情，母亲也没有出生前后结局为活产或死产的孕情）。`,
    figure: 'births',
  },
  procedure_age: {
    rows: q.proceduresOutsideAge,
    keep: (r) => outsideFertileAge(r.birth_date, r.event_date),
    describe: (r) => `${r.event_date} ${label(SERVICE_KIND, r.what)}，当日 ${ageOn(r.birth_date, r.event_date)} 周岁`,
    words: (n) => `${n} 例手术的对象当日年龄不在 15–49 周岁，请核对出生日期或手术记录。`,
    figure: 'procedures',
  },
};

export type FindingPerson = Finding['people'][number];

export const listsPeople = (kind: RuleKind): kind is keyof typeof PEOPLE_KINDS => kind in PEOPLE_KINDS;

/** Every woman of a people-listing rule under a prefix (one village: the finding's whole list, for its paged page). */
export async function peopleOf(db: Knex, scope: Scope, prefix: string, month: string, kind: keyof typeof PEOPLE_KINDS): Promise<FindingPerson[]> {
  const k = PEOPLE_KINDS[kind];
  return (await k.rows(db, scope, prefix, month)).filter(k.keep).map((r) => ({ womanId: r.woman_id, name: r.name, detail: k.describe(r) }));
}

function peopleRule(kind: keyof typeof PEOPLE_KINDS) {
  return async (c: Context, rule: Rule): Promise<Finding[]> => {
    const k = PEOPLE_KINDS[kind];
    const byVillage = new Map<number, q.PersonRow[]>();
    for (const r of (await k.rows(c.db, c.scope, c.prefix, c.month)).filter(k.keep)) byVillage.set(r.region_id, [...(byVillage.get(r.region_id) ?? []), r]);
    return c.villages
      .filter((v) => byVillage.has(v.id))
      .map((v) => {
        const list = byVillage.get(v.id)!;
        const links = [{ label: '本月全部记录', href: drill(k.figure, v.code, c.month) }];
        if (list.length > PEOPLE_SHOWN) links.unshift({ label: `全部 ${list.length} 人（分页）`, href: url('/reports/validation/people', { rule: rule.code, village: v.code, month: c.month }) });
        return finding(rule, placeOf(v), c.month, {
          message: k.words(list.length),
          numbers: [{ label: '人数', value: fmt(list.length) }],
          links,
          people: list.slice(0, PEOPLE_SHOWN).map((r) => ({ womanId: r.woman_id, name: r.name, detail: k.describe(r) })),
          peopleTotal: list.length,
        });
      });
  };
}

async function drop(c: Context, rule: Rule): Promise<Finding[]> {
  const p = paramsOf(rule.params);
  const lastYear = addMonthsToMonth(c.month, -12);
  const [now, before] = await Promise.all([q.countsPerTownship(c.db, c.scope, c.prefix, p.figure, c.month), q.countsPerTownship(c.db, c.scope, c.prefix, p.figure, lastYear)]);
  const townships = [...new Map(c.villages.map((v) => [v.township_id, v])).values()];
  const out: Finding[] = [];
  for (const t of townships) {
    const cur = now.get(t.township_id) ?? 0;
    const prev = before.get(t.township_id) ?? 0;
    const r = dropVsLastYear(cur, prev, p.share, p.min_base);
    if (!r.fires) continue;
    const what = DROP_FIGURE_LABEL[p.figure];
    const place: FindingPlace = { id: t.township_id, code: t.township_code, name: t.township_name, level: 'township', townshipCode: t.township_code, townshipName: t.township_name };
    out.push(
      finding(rule, place, c.month, {
        message: `${what} ${fmt(cur)}，比上年同月（${monthLabel(lastYear)}）的 ${fmt(prev)} 下降 ${percent(r.drop)}，超过 ${percent(p.share)}。`,
        numbers: [
          { label: `本月${what}`, value: fmt(cur) },
          { label: `上年同月${what}`, value: fmt(prev) },
          { label: '下降', value: percent(r.drop) },
        ],
        links: [
          { label: '本月名单', href: drill(p.figure, t.township_code, c.month) },
          { label: '上年同月名单', href: drill(p.figure, t.township_code, lastYear) },
        ],
      }),
    );
  }
  return out;
}

const EVALUATORS: Record<RuleKind, (c: Context, rule: Rule) => Promise<Finding[]>> = {
  population_balance: balance,
  population_range: range,
  births_without_pregnancy: peopleRule('births_without_pregnancy'),
  procedure_age: peopleRule('procedure_age'),
  drop_vs_last_year: drop,
};

/** Every finding of the active rules for the villages under `prefix` (inside `scope`) in the month. */
export async function evaluateRules(db: Knex, scope: Scope, prefix: string, month: string, rules: Rule[]): Promise<Finding[]> {
  const villages = await q.villagesUnder(db, scope, prefix);
  let figures: Promise<Map<string, q.FigureRow>> | undefined;
  const c: Context = {
    db,
    scope,
    prefix,
    month,
    villages,
    figures: () =>
      (figures ??= q.figuresBetween(db, scope, prefix, addMonthsToMonth(month, -RANGE_HISTORY_MONTHS), month).then((rows) => new Map(rows.map((f) => [figureKey(f.region_id, f.month), f])))),
  };
  const out: Finding[] = [];
  for (const rule of rules.filter((r) => r.active)) out.push(...(await EVALUATORS[rule.kind](c, rule)));
  return out;
}
