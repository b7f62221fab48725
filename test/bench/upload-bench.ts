/**
 * Uploads through the import page (issue 12, item 3): a township's file of N card rows, as CSV and as XLSX, each
 * uploaded and checked by the background job (a process of its own) while the server's RSS is sampled and /healthz is
 * asked every 100 ms (its slowest answer says whether the check holds up other requests).
 */
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import type { BenchClient } from './http-client.ts';
import { generateRows } from './import-bench.ts';
import { peakRss, type ServerProc } from './server-proc.ts';

export interface UploadMeasure {
  format: 'csv' | 'xlsx';
  rows: number;
  fileMb: number;
  ms: number;
  peakMb: number;
  /** Peak RSS of the import job process that checked the file (a process of its own, with a heap ceiling). */
  jobPeakMb: number;
  healthMaxMs: number;
  healthChecks: number;
}

/** The same rows as an XLSX (written by exceljs's streaming writer, like a large export). */
async function toXlsx(csv: Buffer): Promise<Buffer> {
  const records = parse(csv.subarray(3), { relax_column_count: true }) as string[][];
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('育龄妇女');
  for (const r of records) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

async function uploadOnce(server: ServerProc, clerk: BenchClient, file: Buffer, name: string): Promise<Omit<UploadMeasure, 'format' | 'rows'>> {
  await clerk.get('/imports');
  const form = new FormData();
  form.append('kind', 'women');
  form.append('file', new Blob([new Uint8Array(file)]), name);
  let healthMaxMs = 0;
  let healthChecks = 0;
  let running = true;
  const prober = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${server.base}/healthz`).then((r) => r.arrayBuffer());
      healthMaxMs = Math.max(healthMaxMs, performance.now() - t0);
      healthChecks += 1;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = Date.now();
  try {
    const { result, peakMb, jobPeakMb } = await peakRss(server, async () => {
      const up = await clerk.request('POST', `/imports?_csrf=${encodeURIComponent(clerk.token)}`, form);
      if (up.status !== 303 || !up.location) throw new Error(`upload: HTTP ${up.status}`);
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const page = await clerk.request('GET', up.location);
        if (page.text.includes('http-equiv="refresh"')) continue;
        if (!page.text.includes('检查通过')) {
          const detail = page.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
          throw new Error(`upload dry run did not pass: ${detail.slice(detail.indexOf('上传时间'), detail.indexOf('上传时间') + 600)}\n${server.output().slice(-3000)}`);
        }
        return Date.now() - t0;
      }
    });
    return { fileMb: file.length / 1024 / 1024, ms: result, peakMb, jobPeakMb, healthMaxMs, healthChecks };
  } finally {
    running = false;
    await prober;
  }
}

/** Upload a township's N rows as CSV, then as XLSX; each waits for its dry run. */
export async function uploadMeasures(db: Knex, server: ServerProc, clerk: BenchClient, townshipCode: string, n: number, log: (line: string) => void): Promise<UploadMeasure[]> {
  const gen = await generateRows(db, n, townshipCode);
  fs.rmSync(gen.dir, { recursive: true, force: true });
  const out: UploadMeasure[] = [];
  const files = [['csv', gen.csv] as const, ['xlsx', await toXlsx(gen.csv)] as const];
  for (const [format, file] of files) {
    const m = { format, rows: n, ...(await uploadOnce(server, clerk, file, `bench.${format}`)) };
    log(
      `  ${format.toUpperCase()} ${n} 行（${m.fileMb.toFixed(1)} MB）：检查 ${(m.ms / 1000).toFixed(1)} 秒，服务器内存峰值 ${m.peakMb.toFixed(0)} MB（导入进程 ${m.jobPeakMb.toFixed(0)} MB），期间 /healthz ${m.healthChecks} 次、最慢 ${m.healthMaxMs.toFixed(0)} ms`,
    );
    out.push(m);
  }
  return out;
}
