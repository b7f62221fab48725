/** The upload form (POST /imports) and the status page's query string (GET /imports/:id). */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const UploadForm = z.object({ kind: z.preprocess(blank, z.string({ error: '请选择导入类型' }).max(20)) });

export const StatusQuery = z.object({ page: field.optionalInt('页码', 1) });
