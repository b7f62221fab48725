/**
 * 自查报告 (the county's or a township's self-check report, in the register of seed 004): "一、人口目标完成情况"
 * from the report engine's figures for the region and period — the same numbers as the monthly report — then a
 * section per 考核 indicator against its target, and a last section left for the office's own words. The page,
 * the print view and the DOCX are drawn from this one model.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { BoardPeriod } from '../../../domain/assessment-periods.ts';
import { targetText } from '../../../domain/assessment.ts';
import type { CountKey, Figures } from '../../../domain/indicators.ts';
import { computeReport, reportRegion } from '../../reports/service.ts';
import { indicatorValues, type IndicatorValue } from '../indicators/service.ts';

export interface Fact {
  key: CountKey | string;
  label: string;
  value: number | null;
  unit: string;
}

export interface SelfCheck {
  region: { code: string; name: string; level: string };
  period: BoardPeriod;
  /** Section 一: the figures, each the report's. */
  facts: Fact[];
  /** Section 一 as sentences (the figures above, in words). */
  summary: string[];
  /** Section 二: each indicator with a target or without data, as on the board. */
  indicators: IndicatorValue[];
}

const FACTS: { key: keyof Figures; label: string; unit: string }[] = [
  { key: 'population_end', label: '期末总人口', unit: '人' },
  { key: 'married_wra', label: '已婚育龄妇女', unit: '人' },
  { key: 'births', label: '出生人数', unit: '人' },
  { key: 'births_first', label: '其中一孩', unit: '人' },
  { key: 'births_second', label: '其中二孩', unit: '人' },
  { key: 'births_third_plus', label: '其中多孩', unit: '人' },
  { key: 'births_compliant', label: '符合政策生育', unit: '人' },
  { key: 'compliance_rate', label: '符合政策生育率', unit: '%' },
  { key: 'birth_rate', label: '出生率（报告期，未年化）', unit: '‰' },
  { key: 'deaths', label: '死亡人数', unit: '人' },
  { key: 'natural_growth_rate', label: '自然增长率（报告期，未年化）', unit: '‰' },
  { key: 'certificates_issued', label: '领取独生子女父母光荣证', unit: '人' },
  { key: 'contraceptive_users', label: '落实节育措施', unit: '人' },
  { key: 'users_male_sterilization', label: '其中男扎', unit: '人' },
  { key: 'users_female_sterilization', label: '其中女扎', unit: '人' },
  { key: 'users_iud', label: '其中上环', unit: '人' },
  { key: 'users_implant', label: '其中皮下埋植', unit: '人' },
  { key: 'users_pill_or_injection', label: '其中口服及注射避孕药', unit: '人' },
  { key: 'users_condom', label: '其中避孕套', unit: '人' },
  { key: 'users_topical', label: '其中外用药', unit: '人' },
  { key: 'contraceptive_rate', label: '综合避孕率', unit: '%' },
  { key: 'long_acting_uptake_rate', label: '长效节育措施落实率', unit: '%' },
];

/** A figure's number: a count as is, a rate its value (null when its denominator is 0). */
function valueOf(f: Figures, key: keyof Figures): number | null {
  const v = f[key] as unknown;
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'value' in v) return (v as { value: number | null }).value;
  return null;
}

const show = (fact: Fact) => (fact.value === null ? '—' : `${fact.value.toLocaleString('en-US')}${fact.unit === '人' ? ' 人' : fact.unit}`);

function sentences(facts: Fact[], unitName: string): string[] {
  const f = Object.fromEntries(facts.map((x) => [x.key, show(x)]));
  return [
    `${unitName}期末总人口 ${f.population_end}，已婚育龄妇女 ${f.married_wra}。`,
    `报告期内出生 ${f.births}，其中一孩 ${f.births_first}、二孩 ${f.births_second}、多孩 ${f.births_third_plus}；符合政策生育 ${f.births_compliant}，符合政策生育率 ${f.compliance_rate}。出生率 ${f.birth_rate}，死亡 ${f.deaths}，自然增长率 ${f.natural_growth_rate}。`,
    `领取独生子女父母光荣证 ${f.certificates_issued}。`,
    `落实各种节育措施 ${f.contraceptive_users}，其中男扎 ${f.users_male_sterilization}、女扎 ${f.users_female_sterilization}、上环 ${f.users_iud}、皮下埋植 ${f.users_implant}、口服及注射避孕药 ${f.users_pill_or_injection}、避孕套 ${f.users_condom}、外用药 ${f.users_topical}；综合避孕率 ${f.contraceptive_rate}，长效节育措施落实率 ${f.long_acting_uptake_rate}。`,
  ];
}

export async function selfCheckReport(db: Knex, actor: Actor, regionCode: string | undefined, period: BoardPeriod): Promise<SelfCheck> {
  const region = await reportRegion(db, actor, regionCode);
  const [report, values] = [await computeReport(db, region, period.period), await indicatorValues(db, actor, region.code, period.period)];
  const facts = FACTS.map((x) => ({ key: x.key, label: x.label, unit: x.unit, value: valueOf(report.total, x.key) }));
  const unitName = region.level === 'county' ? '全县' : '全乡镇';
  return { region: { code: region.code, name: region.name, level: region.level }, period, facts, summary: sentences(facts, unitName), indicators: values.values };
}

/** Section 二's line of an indicator: its target, what was reached (with the numbers behind it) and the judgement. */
export function indicatorLine(v: IndicatorValue): string {
  const i = v.indicator;
  const unit = i.unit === 'ratio' ? '' : i.unit;
  if (v.pending) return `${i.name}：数据待建（${i.definition}）。`;
  const reached = v.value === null ? '报告期内无数据' : `完成 ${v.value}${unit}（${v.numerator ?? 0} / ${v.denominator ?? 0}），${v.target ? v.judgement : '未设目标'}`;
  if (!v.target) return `${i.name}：${reached}。`;
  return `${i.name}：目标 ${targetText(i, v.target.target)}，${reached}。`;
}
