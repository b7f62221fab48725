/**
 * The population grid's form and query string. The form posts parallel arrays with the DESIGN §11 names:
 * `month`, then for each row `village` (code), `population_end`, `deaths`, `moved_in`, `moved_out` (optional:
 * blank = not entered) and `version` (the row's version when the page was opened, empty for a new row). Each cell is checked like a form field (gridRows); the bounds are
 * the import's too (import.ts), so a file and the grid accept the same figures.
 */
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../../errors.ts';
import { field } from '../../../parse.ts';
import type { FigureInput } from './service.ts';

export const MAX_POPULATION = 10_000_000;
export const MAX_DEATHS = 1_000_000;
/** 迁入 / 迁出人数 of a village-month: optional entered aggregates, bounded like the population. */
export const MAX_MOVES = 1_000_000;

const toArray = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((x) => String(x ?? ''));

export const GridForm = z.object({
  month: field.month(),
  village: z.preprocess(toArray, z.array(z.string())),
  population_end: z.preprocess(toArray, z.array(z.string())),
  deaths: z.preprocess(toArray, z.array(z.string())),
  moved_in: z.preprocess(toArray, z.array(z.string())),
  moved_out: z.preprocess(toArray, z.array(z.string())),
  version: z.preprocess(toArray, z.array(z.string())),
});
export type GridFormValues = z.output<typeof GridForm>;

export const GridQuery = z.object({ month: field.optionalText('月份', 7), township: field.optionalText('乡镇', 12) });

/** A whole number typed in a cell ("1,010" is accepted), or the Chinese message for the field. */
function count(raw: string, label: string, max: number): number | string {
  const t = raw.replace(/[,，\s]/g, '');
  if (t === '') return `请填写${label}`;
  if (!/^\d+$/.test(t)) return `${label}应为不小于 0 的整数`;
  const n = Number(t);
  return n > max ? `${label}不能大于 ${max.toLocaleString('en-US')}` : n;
}

/**
 * The grid's rows, each cell checked like a form field; messages keyed `population_end-<village code>`.
 * A row left entirely blank is skipped; a half-filled row is an error at its field.
 */
export function gridRows(form: GridFormValues): Omit<FigureInput, 'month'>[] {
  const errors: FieldErrors = {};
  const rows: Omit<FigureInput, 'month'>[] = [];
  form.village.forEach((code, i) => {
    const pop = form.population_end[i] ?? '';
    const deaths = form.deaths[i] ?? '';
    const movedIn = form.moved_in[i] ?? '';
    const movedOut = form.moved_out[i] ?? '';
    if ([pop, deaths, movedIn, movedOut].every((x) => x.trim() === '')) return;
    const p = count(pop, '期末总人口', MAX_POPULATION);
    const d = count(deaths, '死亡人数', MAX_DEATHS);
    const mi = movedIn.trim() === '' ? null : count(movedIn, '迁入人数', MAX_MOVES);
    const mo = movedOut.trim() === '' ? null : count(movedOut, '迁出人数', MAX_MOVES);
    if (typeof p === 'string') errors[`population_end-${code}`] = p;
    if (typeof d === 'string') errors[`deaths-${code}`] = d;
    if (typeof mi === 'string') errors[`moved_in-${code}`] = mi;
    if (typeof mo === 'string') errors[`moved_out-${code}`] = mo;
    const version = Number(form.version[i]);
    if (typeof p === 'number' && typeof d === 'number' && typeof mi !== 'string' && typeof mo !== 'string')
      rows.push({ village: code, populationEnd: p, deaths: d, movedIn: mi, movedOut: mo, version: version > 0 ? version : undefined });
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return rows;
}
