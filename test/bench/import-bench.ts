/**
 * Import of card rows (the 育龄妇女 template) vs PostgreSQL COPY of the same rows into the same table. Both run
 * inside a transaction that is rolled back, so every round starts from the same database. The import is the
 * whole path from the file's bytes: read the CSV, check every row (schema, ID numbers, villages in scope,
 * duplicates in the file and against every active card, consistency rules), write cards, findings and audit.
 * COPY reads a server-side file of the finished column values (the physical floor: no checks at all).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { systemActor } from '../../src/auth/actor.ts';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { importKind } from '../../src/features/imports/service.ts';
import { readTable } from '../../src/features/imports/service.ts';
import { getCounty } from '../../src/features/regions/service.ts';
import { csvLine } from '../../src/features/imports/service.ts';
import { timed, timedPair, type Pair, type Timing } from './measures.ts';

const HEADER = ['身份证号', '姓名', '村代码', '民族', '户口性质', '婚姻状况', '结婚日期', '配偶姓名', '配偶身份证号', '联系电话', '住址', '流动状态'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['秀英', '桂兰', '玉珍', '丽娟', '海燕', '春梅', '晓红', '文静', '美玲', '淑芬', '雪梅', '红霞'];

class Rollback extends Error {}

interface Generated {
  csv: Buffer;
  copyFile: string;
  copyColumns: string[];
  dir: string;
}

function isoPlusDays(base: string, days: number): string {
  return new Date(Date.parse(`${base}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** n valid, distinct new women spread over the villages (under `prefix`; ID area 990177: not the demo county's). */
export async function generateRows(db: Knex, n: number, prefix = ''): Promise<Generated> {
  const villages: { id: number; code: string }[] = await db('regions').where({ level: 'village', active: true }).whereLike('code', `${prefix}%`).orderBy('code').select('id', 'code');
  const lines: string[] = [csvLine(HEADER)];
  const copy: string[] = [];
  for (let i = 0; i < n; i++) {
    const birth = isoPlusDays('1980-01-01', i % 9000);
    const seq = 2 * Math.floor(i / 9000);
    const id = makeIdNumber('990177', birth, seq);
    const married = birth < '1999-01-01' && i % 100 < 85;
    const marriage = married ? `${Number(birth.slice(0, 4)) + 24}${birth.slice(4)}`.replace(/-02-29$/, '-02-28') : '';
    const spouseId = married ? makeIdNumber('990177', isoPlusDays(birth, -400), seq + 1) : '';
    const v = villages[i % villages.length];
    const name = SURNAMES[i % SURNAMES.length] + GIVEN[(i >> 3) % GIVEN.length];
    const spouse = married ? `${SURNAMES[(i + 7) % SURNAMES.length]}建国` : '';
    const phone = `139${String(i).padStart(8, '0')}`;
    const address = `${v.code.slice(-3)}村${(i % 12) + 1}组`;
    lines.push(csvLine([id, name, v.code, '汉族', '农业', married ? '初婚' : '未婚', marriage, spouse, spouseId, phone, address, '常住']));
    copy.push(csvLine([v.id, id, name, birth, '汉族', 'agricultural', phone, address, married ? 'first_marriage' : 'unmarried', marriage || null, spouse || null, spouseId || null, 'none']));
  }
  // The database server reads the COPY file itself (it may run as another user): a world-readable folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-bench-copy-'));
  fs.chmodSync(dir, 0o755);
  const copyFile = path.join(dir, 'women.csv');
  fs.writeFileSync(copyFile, copy.join(''), { mode: 0o644 });
  return {
    csv: Buffer.from(`\ufeff${lines.join('')}`),
    copyFile,
    copyColumns: [
      'region_id',
      'id_number',
      'name',
      'birth_date',
      'ethnicity',
      'hukou_kind',
      'phone',
      'address',
      'marital_status',
      'marriage_date',
      'spouse_name',
      'spouse_id_number',
      'migrant_status',
    ],
    dir,
  };
}

async function rolledBack(db: Knex, fn: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  try {
    await db.transaction(async (trx) => {
      await fn(trx);
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
}

export async function importVsCopy(db: Knex, n: number, rounds: number, log: (line: string) => void): Promise<{ pair: Pair; dryRun: Timing; rows: number; csvMb: number }> {
  const gen = await generateRows(db, n);
  const county = (await getCounty(db))!;
  const actor = systemActor(county);
  const women = importKind('women')!;
  try {
    const importRound = () =>
      rolledBack(db, async (trx) => {
        const table = await readTable(gen.csv, 'bench.csv');
        const r = await women.run(trx, actor, table, { now: new Date(), fileName: 'bench.csv' });
        if (r.problems.length || r.written !== n) throw new Error(`import: ${r.problems.length} problems, ${r.written} written; first: ${JSON.stringify(r.problems[0])}`);
      });
    const copyRound = () =>
      rolledBack(db, async (trx) => {
        const r = await trx.raw<{ rowCount: number | null }>(`copy women (${gen.copyColumns.join(', ')}) from '${gen.copyFile}' with (format csv)`);
        if (r.rowCount !== n) throw new Error(`copy: ${r.rowCount} rows`);
      });
    const [measured, floorTiming] = await timedPair(importRound, copyRound, rounds, 1);
    log(`  导入 ${n} 行：中位 ${(measured.median / 1000).toFixed(2)} 秒；COPY 中位 ${(floorTiming.median / 1000).toFixed(2)} 秒`);
    const dryRun = await timed(async () => {
      const r = await women.run(db, actor, await readTable(gen.csv, 'bench.csv'), { now: new Date(), dryRun: true });
      if (r.problems.length) throw new Error(`dry run: ${r.problems.length} problems`);
    }, rounds);
    return {
      pair: { name: `导入 ${n.toLocaleString('en-US')} 张信息卡`, subject: '导入服务（读 CSV、逐行检查、写卡片/数据质量/审计）', floor: 'PostgreSQL COPY 同样的行', measured, floorTiming, target: 5 },
      dryRun,
      rows: n,
      csvMb: gen.csv.length / 1024 / 1024,
    };
  } finally {
    fs.rmSync(gen.dir, { recursive: true, force: true });
  }
}
