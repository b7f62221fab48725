/**
 * Import of population figures (DESIGN §12, template 人口: 村代码, 月份, 期末总人口, 死亡人数, and the optional
 * 迁入人数, 迁出人数 — a file may leave those columns out, then stored moves are kept). All or nothing:
 * every problem of every row is listed with its row, column and value, and only a clean file is written, in
 * one transaction, through the population feature's writeFigures, the same as its grid.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { chinaDate } from '../../../domain/dates.ts';
import { ValidationError } from '../../../errors.ts';
import { MAX_DEATHS, MAX_MOVES, MAX_POPULATION, writeFigures, type FigureInput } from '../../population/service.ts';
import { cellInt, cellMonth, cellText, mapHeaders, pick, type ImportProblem, type Table } from '../files/read-table.ts';

export const POPULATION_COLUMNS = [
  { key: 'village', header: '村代码', aliases: ['village', '村', '所在村', '村名', '村(社区)', '所在村(社区)', '村(居)', '村居', '村社区', '村代码(12位)', 'village_code'] },
  { key: 'month', header: '月份', aliases: ['month', '统计月份', '年月'] },
  { key: 'population_end', header: '期末总人口', aliases: ['population_end', '期末人口', '总人口'] },
  { key: 'deaths', header: '死亡人数', aliases: ['deaths', '死亡数'] },
  { key: 'moved_in', header: '迁入人数', aliases: ['moved_in', '迁入数', '迁入'], omittable: true },
  { key: 'moved_out', header: '迁出人数', aliases: ['moved_out', '迁出数', '迁出'], omittable: true },
] as const;

type Key = (typeof POPULATION_COLUMNS)[number]['key'];
const HEADER: Record<Key, string> = Object.fromEntries(POPULATION_COLUMNS.map((c) => [c.key, c.header])) as Record<Key, string>;

export interface ImportResult {
  rows: number;
  problems: ImportProblem[];
  written: number;
  unchanged: number;
  dryRun: boolean;
}

export async function importPopulation(db: Knex, actor: Actor, table: Table, options: { now: Date; dryRun?: boolean }): Promise<ImportResult> {
  const { index, problems } = mapHeaders<Key>(
    table.headers,
    POPULATION_COLUMNS.map((c) => ({ ...c, aliases: [...c.aliases] })),
  );
  const result = (p: ImportProblem[], written = 0, unchanged = 0): ImportResult => ({ rows: table.rows.length, problems: p, written, unchanged, dryRun: !!options.dryRun });
  if (problems.length) return result(problems);
  if (table.rows.length === 0) return result([{ row: 2, column: '', value: '', message: '文件中没有数据行' }]);

  const inputs: FigureInput[] = [];
  const rowNumbers: number[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const c = pick(row, index);
    const bad = (key: Key, message: string) => problems.push({ row: row.row, column: HEADER[key], value: cellText(c[key]), message });
    const village = cellText(c.village);
    const month = cellMonth(c.month);
    const pop = cellInt(c.population_end);
    const deaths = cellInt(c.deaths);
    if (!/^\d{12}$/.test(village)) bad('village', village ? '村代码应为 12 位数字' : '请填写村代码');
    if (!month) bad('month', cellText(c.month) ? '月份格式应为 2026-03' : '请填写月份');
    // The grid's bounds (schemas.ts), well inside PostgreSQL's integer: the dry run refuses what the write would.
    const popOk = pop !== undefined && pop >= 0 && pop <= MAX_POPULATION;
    const deathsOk = deaths !== undefined && deaths >= 0 && deaths <= MAX_DEATHS;
    if (!popOk)
      bad(
        'population_end',
        !cellText(c.population_end) ? '请填写期末总人口' : pop !== undefined && pop > MAX_POPULATION ? `期末总人口不能大于 ${MAX_POPULATION.toLocaleString('en-US')}` : '期末总人口应为不小于 0 的整数',
      );
    if (!deathsOk)
      bad('deaths', !cellText(c.deaths) ? '请填写死亡人数' : deaths !== undefined && deaths > MAX_DEATHS ? `死亡人数不能大于 ${MAX_DEATHS.toLocaleString('en-US')}` : '死亡人数应为不小于 0 的整数');
    // 迁入 / 迁出: a column left out keeps what is stored (undefined); a blank cell is "not entered" (null).
    const moves = (['moved_in', 'moved_out'] as const).map((key) => {
      if (index[key] < 0) return undefined;
      if (!cellText(c[key])) return null;
      const n = cellInt(c[key]);
      if (n === undefined || n < 0) return (bad(key, `${HEADER[key]}应为不小于 0 的整数`), false);
      if (n > MAX_MOVES) return (bad(key, `${HEADER[key]}不能大于 ${MAX_MOVES.toLocaleString('en-US')}`), false);
      return n;
    });
    const movesOk = moves.every((m) => m !== false);
    if (month && /^\d{12}$/.test(village)) {
      const key = `${village}|${month}`;
      const first = seen.get(key);
      if (first) bad('month', `与第 ${first} 行重复（同一村同一月份只能有一行）`);
      else seen.set(key, row.row);
    }
    if (month && /^\d{12}$/.test(village) && popOk && deathsOk && movesOk) {
      inputs.push({ village, month, populationEnd: pop, deaths, movedIn: moves[0] as number | null | undefined, movedOut: moves[1] as number | null | undefined });
      rowNumbers.push(row.row);
    }
  }
  // Checks that need the database (village exists and is in scope, month not locked) run even when the file
  // has other problems, so the clerk sees every problem in one pass.
  try {
    const saved = await writeFigures(db, actor, inputs, {
      source: 'import',
      today: chinaDate(options.now),
      dryRun: options.dryRun || problems.length > 0,
      fieldOf: (i, f) => `${rowNumbers[i]}|${f}`,
    });
    if (problems.length) return result(problems);
    return result([], saved.written, saved.unchanged);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const [k, message] of Object.entries(err.fieldErrors)) {
      const [row, f] = k.split('|');
      const key = (f in HEADER ? f : 'village') as Key;
      const input = inputs[rowNumbers.indexOf(Number(row))];
      const value =
        key === 'village'
          ? input.village
          : key === 'month'
            ? input.month
            : String(key === 'deaths' ? input.deaths : key === 'moved_in' ? (input.movedIn ?? '') : key === 'moved_out' ? (input.movedOut ?? '') : input.populationEnd);
      problems.push({ row: Number(row), column: HEADER[key], value, message: message.replace(/^[^：]*：/, '') });
    }
    for (const m of err.formErrors) problems.push({ row: 0, column: '', value: '', message: m });
    problems.sort((a, b) => a.row - b.row);
    return result(problems);
  }
}
