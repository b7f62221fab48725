/** The operator commands (DESIGN §2). Each opens the database, calls the same services as the pages, closes. */
import { ROLE, type Role } from '../domain/codes.ts';
import { isIsoDate } from '../domain/dates.ts';
import { createPasswordHasher } from '../features/accounts/service.ts';
import { createUser } from '../features/accounts/service.ts';
import { createRegion, getRegionByCode } from '../features/regions/service.ts';
import { isDatabaseEmpty, seedDemo } from '../../seeds/demo/index.ts';
import { CliError, readStdin, requireFlag } from './args.ts';
import { cliActor, regionFlag, withDatabase, type Command } from './command.ts';
import { womenCommands } from './women.ts';
import { importCommand } from './import-command.ts';
import { backupCommands } from '../features/backup/service.ts';
import { regionsCommands } from './regions.ts';
import { figureCommands } from '../features/reports/service.ts';

export const commands: Record<string, Command> = {
  import: importCommand,
  migrate: {
    usage: 'migrate',
    summary: '执行数据库迁移并装入参考数据',
    run: async (config) => {
      await withDatabase(config, async () => undefined);
      console.log('数据库已是最新结构。');
      return 0;
    },
  },
  'create-region': {
    usage: 'create-region --code CODE --name NAME [--region CODE]',
    summary: '新增区划（上级由代码确定）',
    run: async (config, args) => {
      const code = requireFlag(args, 'code');
      const name = requireFlag(args, 'name');
      const region = regionFlag(args);
      await withDatabase(config, async (db) => {
        // Audited for the region it goes under (or --region) when the deployment holds several counties.
        const created = await createRegion(db, await cliActor(db, { region, near: code }), { code, name });
        console.log(`已新增区划 ${created.code} ${created.name}（${created.level}）`);
      });
      return 0;
    },
  },
  'create-user': {
    usage: 'create-user --username U --role R --region CODE [--name 姓名]',
    summary: '新增账户，密码从标准输入读取',
    run: async (config, args) => {
      const username = requireFlag(args, 'username');
      const role = requireFlag(args, 'role');
      const regionCode = requireFlag(args, 'region');
      if (!(role in ROLE)) throw new CliError(`--role 应为 admin、supervisor 或 clerk，而不是 ${role}`);
      const password = await readStdin();
      await withDatabase(config, async (db) => {
        const region = await getRegionByCode(db, regionCode);
        if (!region) throw new CliError(`区划 ${regionCode} 不存在`);
        const name = typeof args.flags.name === 'string' ? args.flags.name : username;
        const user = await createUser(
          db,
          createPasswordHasher(config.argon2MemoryKib),
          await cliActor(db, { near: region.code }),
          { username, display_name: name, role: role as Role, region_id: region.id, password },
          { mustChangePassword: false },
        );
        console.log(`已新增账户 ${user.username}（${ROLE[user.role]} @ ${region.name}）`);
      });
      return 0;
    },
  },
  'seed-demo': {
    usage: 'seed-demo [--women N] [--seed N] [--today YYYY-MM-DD]',
    summary: '在空数据库中生成演示县（确定性数据）',
    run: async (config, args) => {
      const women = args.flags.women === undefined ? config.demoWomen : Number(args.flags.women);
      if (!Number.isInteger(women) || women < 0) throw new CliError('--women 应为非负整数');
      const seed = args.flags.seed === undefined ? undefined : Number(args.flags.seed);
      if (seed !== undefined && !Number.isInteger(seed)) throw new CliError('--seed 应为整数');
      const today = typeof args.flags.today === 'string' ? args.flags.today : undefined;
      if (today !== undefined && !isIsoDate(today)) throw new CliError('--today 应为 YYYY-MM-DD 格式的日期');
      await withDatabase(config, async (db) => {
        if (!(await isDatabaseEmpty(db))) throw new CliError('数据库不是空的：演示数据只能装入空数据库（可换一个 DATA_DIR 或 DATABASE_URL）。');
        await seedDemo(db, createPasswordHasher(config.argon2MemoryKib), { women, seed, today, env: config.env, log: (l) => console.log(l) });
      });
      return 0;
    },
  },
  ...womenCommands,
  ...backupCommands,
  ...regionsCommands,
  ...figureCommands,
};
