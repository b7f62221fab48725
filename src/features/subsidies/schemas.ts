/** The subsidy forms and filters, parsed once at the edge (DESIGN §13: empty strings are missing). */
import { z } from 'zod';
import {
  APPLICATION_STATUS,
  PAYMENT_STATUS,
  REVOKE_REASON,
  SUBSIDY_BENEFICIARY,
  SUBSIDY_EVIDENCE,
  SUBSIDY_PROGRAM,
  SUBSIDY_TIER,
  type SubsidyProgram,
} from '../../domain/codes.ts';
import type { ProgramParams } from '../../domain/eligibility.ts';
import { parseYuanToFen } from '../../domain/subsidy-money.ts';
import { blank, field } from '../../parse.ts';


/** The largest amount an int4 fen column holds, in fen, rounded down to whole yuan. */
const MAX_FEN = 2_147_483_600;

/** Yuan typed by a person ('960', '960.50') → integer fen. */
const toFen = (label: string) =>
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
const codeSet = <K extends string>(list: Record<K, string>) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(Object.keys(list) as [K, ...K[]], { error: '证明材料不是有效选项' })),
  );

const year = () => field.int('年度', 1990, 2100);

const applicationFields = {
  program: field.code(SUBSIDY_PROGRAM, '补助项目'),
  year: year(),
  beneficiary: field.code(SUBSIDY_BENEFICIARY, '享受对象'),
  bank_name: field.optionalText('开户银行', 60),
  bank_account: field.optionalText('银行账号', 40),
  account_holder: field.optionalText('账户户名', 50),
  // The column takes no 0 (subsidy_applications_amount_check): leave it blank instead.
  amount_requested: z.preprocess(blank, toFen('申请金额').refine((fen) => fen > 0, '申请金额应大于 0；不申请金额时请留空').optional()),
  evidence: codeSet(SUBSIDY_EVIDENCE),
  note: field.optionalText('备注', 500),
};

export const NewApplicationForm = z.object({ woman: field.int('育龄妇女', 1, 2147483647), ...applicationFields });
export type NewApplicationInput = z.output<typeof NewApplicationForm>;

export const EditApplicationForm = z.object({ ...applicationFields, version: field.int('版本', 1) });
export type EditApplicationInput = z.output<typeof EditApplicationForm>;

export const VersionForm = z.object({ version: field.int('版本', 1) });

/** A decision: the opinion typed, or one of the usual opinions clicked (`preset`). */
export const DecisionForm = z.object({
  opinion: field.optionalText('审核意见', 500),
  preset: field.optionalText('常用意见', 500),
  version: field.int('版本', 1),
});

export const RevokeForm = DecisionForm.extend({
  reason: field.code(REVOKE_REASON, '终止原因'),
  revoked_on: field.date('终止日期'),
});

export const NewApplicationQuery = z.object({ woman: field.optionalInt('育龄妇女', 1, 2147483647), program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目') });

export const ApplicationFilters = z.object({
  program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'),
  status: field.optionalCode(APPLICATION_STATUS, '状态'),
  year: field.optionalInt('年度', 1990, 2100),
  village: field.optionalText('村', 12),
  q: field.optionalText('姓名或身份证号', 40),
  page: field.optionalInt('页码', 1),
  sort: z.preprocess(blank, z.enum(['updated', 'name', 'village', 'year', 'status']).optional()),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).optional()),
});

export const RosterQuery = z.object({
  program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'),
  year: field.optionalInt('年度', 1990, 2100),
  village: field.optionalText('村', 12),
  print: field.checkbox(),
});

export const AuditQuery = z.object({ program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目') });

export const StandardForm = z.object({
  tier: field.code(SUBSIDY_TIER, '标准级别'),
  effective_from: field.date('生效日期'),
  amount: yuan('金额'),
  note: field.optionalText('说明', 200),
});

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

/** The parsed params of the program form, back under their own keys. */
export function paramsFromForm(program: SubsidyProgram, parsed: Record<string, unknown>): ProgramParams {
  const out: Record<string, unknown> = {};
  for (const p of PARAM_FIELDS[program]) out[p.key] = parsed[`param_${p.key}`];
  return out as ProgramParams;
}

export const BatchForm = z.object({
  program: field.code(SUBSIDY_PROGRAM, '补助项目'),
  period: z.preprocess(blank, z.string({ error: '请填写发放期间' }).max(7, '发放期间格式应为 2026 或 2026-03')),
});

export const PaymentMarkForm = z.object({
  status: z.preprocess(blank, z.enum(['paid', 'failed'], { error: '请选择发放结果' })),
  note: field.optionalText('说明', 200),
  version: field.int('版本', 1),
});

/** A full bank account (bank file or application page) is given out only with a reason, kept in the audit row. */
export const RevealReasonForm = z.object({ reason: field.optionalText('理由', 200) });
/** The application page already has a `reason` field (termination), hence its own name. */
export const RevealAccountForm = z.object({ reveal_reason: field.optionalText('理由', 200) });

export const BatchFilters = z.object({ program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'), status: field.optionalCode(PAYMENT_STATUS, '发放状态') });
