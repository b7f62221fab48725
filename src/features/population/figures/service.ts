/**
 * Village population figures: the township enters 期末总人口 and 死亡人数 (and, optionally, 迁入/迁出人数) for all its villages of a month at
 * once (a grid, previous month beside it); an import file may carry many months. Both go through
 * `writeFigures`: one transaction, stale versions refused, locked months refused, one audit row.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { addMonthsToMonth, chinaDate, monthLabel, monthOf } from '../../../domain/dates.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { lockedTownshipMonths } from '../../reports/service.ts';
import * as q from './queries.ts';

export interface GridRow {
  village: q.VillageRow;
  current?: q.FigureRow;
  previous?: q.FigureRow;
}

export interface Grid {
  month: string;
  previousMonth: string;
  rows: GridRow[];
  /** Township codes whose month is accepted (locked): their rows are read-only. */
  locked: string[];
}

/** The grid of one month for the actor's villages (optionally one township of the county). */
export async function populationGrid(db: Knex, actor: Actor, month: string, townshipCode?: string): Promise<Grid> {
  const previousMonth = addMonthsToMonth(month, -1);
  const villages = await q.gridVillages(db, actor.scope, townshipCode ?? actor.scope.code, [month, previousMonth]);
  const figures = await q.figuresFor(
    db,
    villages.map((v) => v.id),
    [month, previousMonth],
  );
  const key = (id: number, m: string) => `${id}|${m}`;
  const byKey = new Map(figures.map((f) => [key(f.region_id, f.month), f]));
  const townships = [...new Map(villages.map((v) => [v.township_id, v.township_code])).entries()];
  const locked = await lockedTownshipMonths(
    db,
    townships.map(([id]) => ({ townshipId: id, month })),
  );
  return {
    month,
    previousMonth,
    rows: villages.map((v) => ({ village: v, current: byKey.get(key(v.id, month)), previous: byKey.get(key(v.id, previousMonth)) })),
    locked: townships.filter(([id]) => locked.has(`${id}|${month}`)).map(([, code]) => code),
  };
}

export interface FigureInput {
  village: string;
  month: string;
  populationEnd: number;
  deaths: number;
  /** 迁入 / 迁出 (entered aggregates, optional): null = not entered; undefined = keep what is stored (an import without the columns). */
  movedIn?: number | null;
  movedOut?: number | null;
  /** The version the form was opened with (absent: the row did not exist yet). Imports pass none. */
  version?: number;
}

export interface SaveResult {
  written: number;
  unchanged: number;
  /** Rows that differ from what is stored (written, or to be written after a dry run). */
  toWrite: number;
}

/** Problems of one figure that need no database (negative, deaths above population, future month). */
export function figureProblems(input: { month: string; populationEnd: number; deaths: number }, today: string): string[] {
  const problems: string[] = [];
  if (input.month > monthOf(today)) problems.push(`${monthLabel(input.month)}尚未到来，不能填报`);
  if (input.deaths > input.populationEnd) problems.push('死亡人数不能大于期末总人口');
  return problems;
}

/**
 * Write figures in one transaction. `where` names each input for messages (a grid field, an import row).
 * Rows equal to what is stored are skipped (no version bump, nothing to audit).
 */
export async function writeFigures(
  db: Knex,
  actor: Actor,
  inputs: FigureInput[],
  options: {
    source: 'grid' | 'import';
    today: string;
    fieldOf?: (i: number, f: 'population_end' | 'deaths' | 'moved_in' | 'moved_out' | 'village' | 'month') => string;
    /** Check everything (scope, locks, versions) but write nothing: an import's dry run. */
    dryRun?: boolean;
  },
): Promise<SaveResult> {
  const fieldOf = options.fieldOf ?? ((i: number) => `row${i}`);
  const errors: FieldErrors = {};
  const villages = new Map((await q.villagesByCodes(db, actor.scope, [...new Set(inputs.map((r) => r.village))])).map((v) => [v.code, v]));
  inputs.forEach((r, i) => {
    const v = villages.get(r.village);
    if (!v) errors[fieldOf(i, 'village')] ??= `村代码 ${r.village} 不存在或不在您的管辖范围内`;
    for (const p of figureProblems(r, options.today)) errors[fieldOf(i, p.startsWith('死亡') ? 'deaths' : 'month')] ??= `${v?.name ?? r.village}：${p}`;
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);

  return db.transaction(async (trx) => {
    const pairs = inputs.map((r) => ({ regionId: villages.get(r.village)!.id, month: r.month }));
    const locked = await lockedTownshipMonths(
      trx,
      inputs.map((r) => ({ townshipId: villages.get(r.village)!.township_id, month: r.month })),
    );
    const existing = new Map((await q.lockFigures(trx, pairs)).map((f) => [`${f.region_id}|${f.month}`, f]));
    const stale: string[] = [];
    const changes: { input: FigureInput & { movedIn: number | null; movedOut: number | null }; before?: q.FigureRow }[] = [];
    inputs.forEach((r, i) => {
      const v = villages.get(r.village)!;
      const before = existing.get(`${v.id}|${r.month}`);
      const movedIn = r.movedIn === undefined ? (before?.moved_in ?? null) : r.movedIn;
      const movedOut = r.movedOut === undefined ? (before?.moved_out ?? null) : r.movedOut;
      if (before && before.population_end === r.populationEnd && before.deaths === r.deaths && before.moved_in === movedIn && before.moved_out === movedOut) return;
      if (locked.has(`${v.township_id}|${r.month}`)) {
        errors[fieldOf(i, 'month')] ??= `${v.name}：${v.township_name}${monthLabel(r.month)}报表已审核锁定，不能修改人口数据；如需更正，请县级审核员解锁`;
        return;
      }
      if (options.source === 'grid' && (before?.version ?? undefined) !== r.version) stale.push(v.name);
      changes.push({ input: { ...r, movedIn, movedOut }, before });
    });
    if (Object.keys(errors).length) throw new ValidationError(errors);
    if (stale.length) {
      throw new ConflictError(`${stale.join('、')} 的人口数据已被他人修改，您的更改未保存。请核对最新数据后重新提交。`);
    }
    if (changes.length === 0 || options.dryRun) return { written: 0, unchanged: inputs.length - changes.length, toWrite: changes.length };
    await q.upsertFigures(
      trx,
      changes.map(({ input }) => ({
        regionId: villages.get(input.village)!.id,
        month: input.month,
        populationEnd: input.populationEnd,
        deaths: input.deaths,
        movedIn: input.movedIn,
        movedOut: input.movedOut,
        userId: actor.userId > 0 ? actor.userId : null,
      })),
    );
    const townshipIds = [...new Set(changes.map((c) => villages.get(c.input.village)!.township_id))];
    await recordAudit(trx, actor, {
      action: options.source === 'grid' ? 'population.save' : 'population.import',
      entity: 'population_figures',
      entityId: [...new Set(changes.map((c) => c.input.month))].sort().join(','),
      regionId: townshipIds.length === 1 ? townshipIds[0] : actor.scope.regionId,
      before: changes
        .filter((c) => c.before)
        .map((c) => ({
          village: c.input.village,
          month: c.input.month,
          population_end: c.before!.population_end,
          deaths: c.before!.deaths,
          moved_in: c.before!.moved_in,
          moved_out: c.before!.moved_out,
        })),
      after: changes.map((c) => ({
        village: c.input.village,
        month: c.input.month,
        population_end: c.input.populationEnd,
        deaths: c.input.deaths,
        moved_in: c.input.movedIn,
        moved_out: c.input.movedOut,
      })),
    });
    return { written: changes.length, unchanged: inputs.length - changes.length, toWrite: changes.length };
  });
}

/** The grid form: one month, rows of the actor's villages. */
export async function saveGrid(db: Knex, actor: Actor, month: string, rows: Omit<FigureInput, 'month'>[], now: Date): Promise<SaveResult> {
  // The grid posts only the villages it showed: a code outside the caller's scope is a forged or stale form and
  // answers 404 like any record out of scope (DESIGN §1). Imports keep the row-by-row messages of writeFigures.
  const known = new Set((await q.villagesByCodes(db, actor.scope, [...new Set(rows.map((r) => r.village))])).map((v) => v.code));
  if (rows.some((r) => !known.has(r.village))) throw new NotFoundError('未找到该村(社区)，或不在您的管辖范围内。');
  return writeFigures(
    db,
    actor,
    rows.map((r) => ({ ...r, month })),
    { source: 'grid', today: chinaDate(now), fieldOf: (i, f) => `${f === 'village' || f === 'month' ? 'population_end' : f}-${rows[i].village}` },
  );
}
