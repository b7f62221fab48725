/**
 * zod at the edge (DESIGN §13): one schema per form, parsed once; empty strings are "missing", never 0 or a
 * date; checkboxes count by presence. Failures become a ValidationError with one Chinese message per field.
 */
import { z } from 'zod';
import { isMonth, parseTypedDate } from './domain/dates.ts';
import { codeFromInput, type CodeList } from './domain/codes.ts';
import { normalisePhone, normaliseText, stripInvisible } from './domain/text.ts';
import { BadRequestError, ValidationError, type FieldErrors } from './errors.ts';

/** A form value as a trimmed string, or undefined when empty (the last one when a field was posted twice). */
export const blank = (v: unknown) => {
  if (Array.isArray(v)) v = v[v.length - 1];
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
};

/**
 * Free text goes through the one normaliser (src/domain/text.ts): NFC, trimmed, refused with a message naming
 * the character when it carries control, bidi, zero-width or format characters or is invisible altogether.
 * Imports call the same `normaliseText`, so a file and a form accept the same text.
 */
const normalised = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const r = normaliseText(s, label);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value ?? '';
};

const phoneNumber = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const r = normalisePhone(s, label);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value ?? '';
};

/** The one date message: the field, and the spellings a clerk may type. */
export const dateMessage = (label: string) => `${label}不是有效日期（格式如 2026-03-15、2026.3.15、20260315）`;

const typedDate = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const iso = parseTypedDate(s);
  if (iso === undefined) {
    ctx.addIssue({ code: 'custom', message: dateMessage(label) });
    return z.NEVER;
  }
  return iso;
};

export const field = {
  text: (label: string, max = 100) =>
    z.preprocess(
      blank,
      z
        .string({ error: `请填写${label}` })
        .transform(normalised(label))
        .pipe(z.string().max(max, `${label}不能超过 ${max} 个字`)),
    ),
  optionalText: (label: string, max = 200) =>
    z.preprocess(
      blank,
      z
        .string({ error: `${label}格式有误` })
        .transform(normalised(label))
        .pipe(z.string().max(max, `${label}不能超过 ${max} 个字`))
        .optional(),
    ),
  /** A phone number by pattern (mobile or landline with area code), stored in one spelling. */
  optionalPhone: (label = '联系电话') =>
    z.preprocess(
      blank,
      z
        .string({ error: `${label}格式有误` })
        .transform(phoneNumber(label))
        .optional(),
    ),
  /** A date typed in any of the spellings of `parseTypedDate` (2026-03-15, 2026.3.15, 20260315 …), yielded as ISO. */
  date: (label: string) => z.preprocess(blank, z.string({ error: `请填写${label}` }).transform(typedDate(label))),
  optionalDate: (label: string) =>
    z.preprocess(
      blank,
      z
        .string({ error: `${label}格式有误` })
        .transform(typedDate(label))
        .optional(),
    ),
  month: (label = '月份') => z.preprocess(blank, z.string({ error: `请填写${label}` }).refine(isMonth, `${label}格式应为 2026-03`)),
  int: (label: string, min = 0, max = 1_000_000_000) =>
    z.preprocess(
      blank,
      z.coerce
        .number({ error: `请填写${label}` })
        .int(`${label}应为整数`)
        .min(min, `${label}不能小于 ${min}`)
        .max(max, `${label}不能大于 ${max}`),
    ),
  optionalInt: (label: string, min = 0, max = 1_000_000_000) =>
    z.preprocess(
      blank,
      z.coerce
        .number({ error: `${label}应为数字` })
        .int(`${label}应为整数`)
        .min(min, `${label}不能小于 ${min}`)
        .max(max, `${label}不能大于 ${max}`)
        .optional(),
    ),
  /** A code from a GLOSSARY list; the Chinese label is accepted too (imports). */
  code: <K extends string>(list: CodeList<K>, label: string) =>
    z.preprocess(
      (v) => {
        const b = blank(v);
        return typeof b === 'string' ? (codeFromInput(list, b) ?? b) : b;
      },
      z.enum(Object.keys(list) as [K, ...K[]], { error: `请选择${label}` }),
    ),
  optionalCode: <K extends string>(list: CodeList<K>, label: string) =>
    z.preprocess(
      (v) => {
        const b = blank(v);
        return typeof b === 'string' ? (codeFromInput(list, b) ?? b) : b;
      },
      z.enum(Object.keys(list) as [K, ...K[]], { error: `${label}不是有效选项` }).optional(),
    ),
  checkbox: () => z.preprocess((v) => v !== undefined && v !== '' && v !== '0' && v !== 'false', z.boolean()),
  /** Positive integer id from a route parameter; anything else is a 404 (routes call parseId). */
  id: () => z.coerce.number().int().positive().max(2147483647),
};

function toFieldErrors(error: z.ZodError): { fieldErrors: FieldErrors; formErrors: string[] } {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    if (key === '') formErrors.push(issue.message);
    else fieldErrors[key] ??= issue.message;
  }
  return { fieldErrors, formErrors };
}

/** Parse a form body; throw ValidationError (→ 422 re-render) on failure. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = toFieldErrors(result.error);
  throw new ValidationError(fieldErrors, formErrors);
}

/** Query values with the invisible characters a paste brings along dropped (stripInvisible); NUL still refused. */
function cleanQuery(v: unknown): unknown {
  if (typeof v === 'string') return stripInvisible(v);
  if (Array.isArray(v)) return v.map(cleanQuery);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanQuery(x)]));
  return v;
}

/** Parse query-string filters; a malformed URL is a 400 with a plain message. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(cleanQuery(query ?? {}));
  if (result.success) return result.data;
  const { fieldErrors, formErrors } = toFieldErrors(result.error);
  throw new BadRequestError(['链接参数有误', ...Object.values(fieldErrors), ...formErrors].join('：'));
}

/** Route ids: '12abc', '-1' or '99999999999' are simply not found. */
export function parseId(value: unknown): number | undefined {
  const r = field.id().safeParse(value);
  return r.success && /^\d+$/.test(String(value)) ? r.data : undefined;
}
