/** Operator commands of the figure store: `figures:rebuild` (recompute it from the source SQL) and `figures:check`. */
import type { Command } from '../../../cli/command.ts';
import { withDatabase } from '../../../cli/command.ts';
import { checkFigureStore, rebuildFigureStore } from './service.ts';

export const figureCommands: Record<string, Command> = {
  'figures:rebuild': {
    usage: 'figures:rebuild',
    summary: '按统计口径重新计算指标库（分批，显示进度；期间录入稍候）',
    run: async (config) => {
      await withDatabase(config, async (db) => {
        const r = await rebuildFigureStore(db, { log: (l) => console.log(l) });
        console.log(`指标库已重建：${r.women} 个信息卡 ID，${r.contributions} 条明细，${r.counts} 条村·日·指标计数，${r.stockChanges} 条存量变动，用时 ${(r.ms / 1000).toFixed(1)} 秒。`);
      });
      return 0;
    },
  },
  'figures:check': {
    usage: 'figures:check',
    summary: '核对指标库与按记录实时统计的结果（同夜间核对），有差异时返回 1',
    run: async (config) => {
      return withDatabase(config, async (db) => {
        const { run, ms } = await checkFigureStore(db, new Date());
        console.log(`已核对 ${run.keys_compared} 项（村·月·指标），差异 ${run.differences} 项，用时 ${(ms / 1000).toFixed(1)} 秒。`);
        for (const d of run.details.slice(0, 20)) console.log(`  ${d.village_code} ${d.month} ${d.key}: 指标库 ${d.stored}，实时 ${d.live}`);
        return run.differences === 0 ? 0 : 1;
      });
    },
  },
};
