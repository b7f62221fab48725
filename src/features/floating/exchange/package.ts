/**
 * The signed exchange package between two portals (issue 16 §2 item 4): a JSON file `{"body":…,"signature":…}`
 * written canonically (keys sorted, no spaces), the signature the hex HMAC-SHA256 of the canonical body with the
 * secret shared with the partner county. Reading refuses, with a Chinese message, a file that is too large, not
 * UTF-8 JSON, not written canonically (so any changed byte is refused, even a space), of the wrong shape, from a
 * county that is not a partner, badly signed, or addressed to another county.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { FLOATING_QUERY_KIND, FLOATING_QUERY_RESULT } from '../../../domain/codes.ts';
import { isIsoDate } from '../../../domain/dates.ts';

export const PACKAGE_FORMAT = 'fp-portal.floating-exchange';
export const MAX_PACKAGE_BYTES = 512 * 1024;
export const MAX_PACKAGE_ITEMS = 1000;

const date = z.string().refine(isIsoDate, '日期格式有误');
const code = (min: number, max: number) => z.string().regex(new RegExp(`^\\d{${min},${max}}$`));

const PackageQuery = z.strictObject({
  ref: z.string().regex(/^\d{6}-[0-9a-f-]{36}$/),
  kind: z.enum(Object.keys(FLOATING_QUERY_KIND) as [string, ...string[]]),
  body: z.string().min(1).max(500),
  sent_on: date,
  due_on: date,
  woman_name: z.string().min(1).max(30),
  woman_id_number: z.string().regex(/^\d{17}[\dX]$/),
  to_region_code: code(6, 12).nullable(),
  from_unit: z.string().min(1).max(60),
});

const PackageAnswer = z.strictObject({
  ref: z.string().regex(/^\d{6}-[0-9a-f-]{36}$/),
  answered_on: date,
  answer: z.string().min(1).max(500),
  result_code: z.enum(Object.keys(FLOATING_QUERY_RESULT) as [string, ...string[]]).nullable(),
});

export const PackageBody = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(1),
  package_id: z.uuid(),
  from_county: code(6, 6),
  to_county: code(6, 6),
  created_on: date,
  queries: z.array(PackageQuery).max(MAX_PACKAGE_ITEMS),
  answers: z.array(PackageAnswer).max(MAX_PACKAGE_ITEMS),
});
export type PackageBodyValue = z.output<typeof PackageBody>;
export type PackageQueryValue = z.output<typeof PackageQuery>;
export type PackageAnswerValue = z.output<typeof PackageAnswer>;

/** JSON with object keys sorted at every level and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

export const signatureOf = (body: unknown, secret: string): string => createHmac('sha256', secret).update(canonicalJson(body), 'utf8').digest('hex');

/** The file text of a signed package. */
export function writePackage(body: PackageBodyValue, secret: string): string {
  return canonicalJson({ body, signature: signatureOf(body, secret) });
}

export type PackageReading = { ok: true; body: PackageBodyValue } | { ok: false; message: string };

/** Read and check a package file; `secretOf` gives the shared secret of a partner county (undefined: not a partner). */
export function readPackage(bytes: Buffer, ourCounty: string, secretOf: (county: string) => string | undefined): PackageReading {
  const refuse = (message: string): PackageReading => ({ ok: false, message });
  if (bytes.length === 0) return refuse('交换包文件是空的');
  if (bytes.length > MAX_PACKAGE_BYTES) return refuse(`交换包超过 ${MAX_PACKAGE_BYTES / 1024} KB，请对方分批导出`);
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return refuse('文件不是交换包（不是有效的 JSON 文件）');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse('文件不是交换包（缺少内容或签名）');
  const { body, signature } = parsed as Record<string, unknown>;
  if (Object.keys(parsed).length !== 2 || typeof signature !== 'string' || body === undefined) return refuse('文件不是交换包（缺少内容或签名）');
  if (canonicalJson(parsed) !== text) return refuse('交换包格式不规范：文件在导出后被改动过，请向对方重新索取');
  const shape = PackageBody.safeParse(body);
  if (!shape.success) return refuse('交换包内容格式有误，请向对方重新索取');
  const secret = secretOf(shape.data.from_county);
  if (!secret) return refuse(`发出县（${shape.data.from_county}）不是本县的交换伙伴，请联系管理员配置`);
  const expected = Buffer.from(signatureOf(body, secret), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refuse('签名不符：交换包被改动过，或双方的共享密钥不一致');
  if (shape.data.to_county !== ourCounty) return refuse(`该交换包是发给 ${shape.data.to_county} 的，不是本县（${ourCounty}）`);
  return { ok: true, body: shape.data };
}
