/** The upload form of an outside birth list and the list pages' query strings. */
import { z } from 'zod';
import { BIRTH_MATCH, OUTSIDE_BIRTH_SOURCE } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const ListUploadForm = z.object({
  source_kind: field.code(OUTSIDE_BIRTH_SOURCE, '名单来源'),
  name: field.text('名单名称', 100),
  period: field.optionalText('所属期间', 50),
});
export type ListUploadValues = z.output<typeof ListUploadForm>;

export const ListsQuery = z.object({ page: field.optionalInt('页码', 1, 100_000) });

export const ListQuery = z.object({
  page: field.optionalInt('页码', 1, 100_000),
  status: field.optionalCode(BIRTH_MATCH, '比对结果'),
});
