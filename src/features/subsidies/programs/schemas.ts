/**
 * The program forms (settings, a new standard), parsed once at the edge (DESIGN §13: empty strings are missing),
 * and the two field builders the application form shares with them: an amount in yuan and a set of evidence codes.
 */
import { z } from 'zod';
import { SUBSIDY_EVIDENCE, SUBSIDY_TIER, type SubsidyProgram } from '../../../domain/codes.ts';
import type { ProgramParams } from '../../../domain/eligibility.ts';
import { parseYuanToFen } from '../../../domain/subsidy-money.ts';
import { blank, field } from '../../../parse.ts';

/** The largest amount an int4 fen column holds, in fen, rounded down to whole yuan. */
const MAX_FEN = 2_147_483_600;

/** Yuan typed by a person ('960', '960.50') → integer fen. */
export const toFen = (label: string) =>
  z.string({ error: `请填写${label}` }).transform((s, ctx) => {
    const fen = parseYuanToFen(s);
    if (fen === undefined) {
      ctx.addIssue({ code: 'custom', message: `${label}应为金额（元），最多两位小数，如 960.00` });
      return z.NEVER;
    }
    // Amounts are stored as int4 fen: 9 digits of yuan would overflow the column (a 500 before this rule).
    if (fen > MAX_FEN) {
      ctx.addIssue({ code: 'custom', message: `${label}不能超过 ${MAX_FEN / 100} 元` });
      return z.NEVER;
    }
    return fen;
  });
const yuan = (label: string) => z.preprocess(blank, toFen(label));

/** Checkbox groups: one box arrives as a string, several as an array, none as nothing. */
export const codeSet = <K extends string>(list: Record<K, string>) =>
  z.preprocess((v): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(Object.keys(list) as [K, ...K[]], { error: '证明材料不是有效选项' })));

export const StandardForm = z.object({
  tier: field.code(SUBSIDY_TIER, '标准级别'),
  effective_from: field.date('生效日期'),
  amount: yuan('金额'),
  note: field.optionalText('说明', 200),
});
export type StandardInput = z.output<typeof StandardForm>;

/** The eligibility parameters each program exposes to the admin (the engine's defaults live in the domain). */
export const PARAM_FIELDS: Record<SubsidyProgram, { key: keyof ProgramParams; label: string; kind: 'int' | 'date' | 'bool' }[]> = {
  reward_assistance: [
    { key: 'min_age', label: '享受年龄（周岁）', kind: 'int' },
    { key: 'born_on_or_after', label: '出生日期不早于', kind: 'date' },
    { key: 'compliance_since', label: '无违反政策生育的起算日期', kind: 'date' },
    { key: 'resident_hukou_accepted', label: '居民(统一户口)按农村居民认定', kind: 'bool' },
  ],
  special_assistance_death: [{ key: 'mother_min_age', label: '女方年龄下限（周岁）', kind: 'int' }],
  special_assistance_disability: [
    { key: 'mother_min_age', label: '女方年龄下限（周岁）', kind: 'int' },
    { key: 'max_disability_grade', label: '伤残等级（一级至此级）', kind: 'int' },
  ],
  only_child_reward: [],
  assisted_reproduction: [],
};

export function programFormSchema(program: SubsidyProgram) {
  const params: Record<string, z.ZodType> = {};
  for (const p of PARAM_FIELDS[program]) {
    const name = `param_${p.key}`;
    if (p.kind === 'int') params[name] = p.key === 'max_disability_grade' ? field.int(p.label, 1, 4) : field.int(p.label, 0, 120);
    else if (p.kind === 'date') params[name] = field.date(p.label);
    else params[name] = field.checkbox();
  }
  return z.object({
    approval: z.preprocess(blank, z.enum(['township_county', 'township_only'], { error: '请选择审批层级' })),
    active: field.checkbox(),
    evidence: codeSet(SUBSIDY_EVIDENCE),
    version: field.int('版本', 1),
    ...params,
  });
}

/** A program's settings as the service takes them: approval, active, evidence, its parameters, the version read. */
export interface ProgramSettings {
  approval: 'township_county' | 'township_only';
  active: boolean;
  evidence: string[];
  params: ProgramParams;
  version: number;
}

/** The parsed program form as settings: the `param_…` fields back under their own keys. */
export function programSettingsFromForm(program: SubsidyProgram, parsed: z.output<ReturnType<typeof programFormSchema>>): ProgramSettings {
  const form = parsed as Record<string, unknown> & Omit<ProgramSettings, 'params'>;
  const params: Record<string, unknown> = {};
  for (const p of PARAM_FIELDS[program]) params[p.key] = form[`param_${p.key}`];
  return { approval: form.approval, active: form.active, evidence: form.evidence, params: params as ProgramParams, version: form.version };
}
