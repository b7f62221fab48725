/** Operator commands of the region tree: grow a one-county deployment into a city's (or a city's into a province's). */
import { REGION_LEVEL, type RegionLevel } from '../domain/codes.ts';
import { ABOVE_COUNTY } from '../domain/regions.ts';
import { addParentRegion } from '../features/regions/service.ts';
import { CliError, requireFlag } from './args.ts';
import { cliActor, withDatabase, type Command } from './command.ts';

export const regionsCommands: Record<string, Command> = {
  'regions:add-parent': {
    usage: 'regions:add-parent --level city|province --code CODE --name NAME',
    summary: '在现有最高区划之上新增市级或省级区划（县级部署扩展为市级部署）',
    run: async (config, args) => {
      const level = requireFlag(args, 'level');
      const code = requireFlag(args, 'code');
      const name = requireFlag(args, 'name');
      if (!(ABOVE_COUNTY as readonly string[]).includes(level)) throw new CliError(`--level 应为 city 或 province，而不是 ${level}`);
      await withDatabase(config, async (db) => {
        const created = await addParentRegion(db, await cliActor(db, { wholeDeployment: true }), { level: level as RegionLevel, code, name });
        console.log(`已新增${REGION_LEVEL[created.level]} ${created.code} ${created.name}，原最高区划已归入其下。`);
      });
      return 0;
    },
  },
};
