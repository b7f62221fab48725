/** The figure-check page's query string. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const FigureCheckQuery = z.object({
  page: field.optionalInt('页码', 1),
});
