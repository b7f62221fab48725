/** Operator commands of the register: the nightly jobs on demand (e.g. after an import, or for another date). */
import { chinaDate, isIsoDate } from '../domain/dates.ts';
import { exitOverAge } from '../features/women/service.ts';
import { recomputeFindings } from '../features/women/service.ts';
import { CliError, type Args } from './args.ts';
import { withDatabase, type Command } from './command.ts';

function dateFlag(args: Args): string {
  const v = args.flags.date;
  if (v === undefined) return chinaDate(new Date());
  if (typeof v !== 'string' || !isIsoDate(v)) throw new CliError('--date 应为日期，如 2026-03-15');
  return v;
}

export const womenCommands: Record<string, Command> = {
  'exit-over-age': {
    usage: 'exit-over-age [--date YYYY-MM-DD]',
    summary: '将年满50周岁的在册妇女出队（超龄），每人记审计',
    run: async (config, args) => {
      const today = dateFlag(args);
      await withDatabase(config, async (db) => {
        const n = await exitOverAge(db, today);
        console.log(`已将 ${n} 名年满50周岁的妇女出队（超龄），日期 ${today}。`);
      });
      return 0;
    },
  },
  'recompute-findings': {
    usage: 'recompute-findings [--date YYYY-MM-DD]',
    summary: '重新检查全部在册信息卡的数据质量（错误/提示）',
    run: async (config, args) => {
      const today = dateFlag(args);
      await withDatabase(config, async (db) => {
        const s = await recomputeFindings(db, today);
        console.log(`已检查 ${s.women} 张在册信息卡：错误 ${s.errors} 条，提示 ${s.warnings} 条，用时 ${(s.ms / 1000).toFixed(1)} 秒。`);
      });
      return 0;
    },
  },
};
