/** The application forms and filters, parsed once at the edge (DESIGN §13: empty strings are missing). */
import { z } from 'zod';
import { APPLICATION_STATUS, SUBSIDY_BENEFICIARY, SUBSIDY_EVIDENCE, SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';
import { codeSet, toFen } from '../programs/schemas.ts';

const year = () => field.int('年度', 1990, 2100);

const applicationFields = {
  program: field.code(SUBSIDY_PROGRAM, '补助项目'),
  year: year(),
  beneficiary: field.code(SUBSIDY_BENEFICIARY, '享受对象'),
  bank_name: field.optionalText('开户银行', 60),
  bank_account: field.optionalText('银行账号', 40),
  account_holder: field.optionalText('账户户名', 50),
  // The column takes no 0 (subsidy_applications_amount_check): leave it blank instead.
  amount_requested: z.preprocess(
    blank,
    toFen('申请金额')
      .refine((fen) => fen > 0, '申请金额应大于 0；不申请金额时请留空')
      .optional(),
  ),
  evidence: codeSet(SUBSIDY_EVIDENCE),
  note: field.optionalText('备注', 500),
};

export const NewApplicationForm = z.object({ woman: field.int('育龄妇女', 1, 2147483647), ...applicationFields });
export type NewApplicationInput = z.output<typeof NewApplicationForm>;

export const EditApplicationForm = z.object({ ...applicationFields, version: field.int('版本', 1) });
export type EditApplicationInput = z.output<typeof EditApplicationForm>;

export const NewApplicationQuery = z.object({ woman: field.optionalInt('育龄妇女', 1, 2147483647), program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目') });

/** The "new application" page without a card: a search by name or ID number. */
export const SearchQuery = z.object({ q: field.optionalText('姓名或身份证号', 40) });

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

/** The application page already has a `reason` field (termination), hence its own name. */
export const RevealAccountForm = z.object({ reveal_reason: field.optionalText('理由', 200) });
