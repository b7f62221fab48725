/**
 * Operator commands: npm run cli -- <command> [options]. The same services as the web pages; exit code 0 on
 * success, non-zero with a clear message on failure.
 */
import { ConfigError, loadConfig } from './config.ts';
import { commands } from './cli/commands.ts';
import { CliError, parseArgs } from './cli/args.ts';

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log('用法: npm run cli -- <命令> [参数]\n\n命令:');
    for (const c of Object.values(commands)) console.log(`  ${c.usage.padEnd(58)} ${c.summary}`);
    return 0;
  }
  const command = commands[name];
  if (!command) throw new CliError(`未知命令: ${name}（运行 npm run cli -- help 查看可用命令）`);
  const config = loadConfig();
  return command.run(config, parseArgs(rest));
}

main(process.argv.slice(2))
  .then((code) => process.exit(code ?? 0))
  .catch((err) => {
    if (err instanceof CliError || err instanceof ConfigError) console.error(err.message);
    else if (err && typeof err === 'object' && 'fieldErrors' in err) {
      const e = err as { fieldErrors: Record<string, string>; formErrors: string[] };
      console.error(['输入有误:', ...Object.entries(e.fieldErrors).map(([k, v]) => `  ${k}: ${v}`), ...e.formErrors.map((m) => `  ${m}`)].join('\n'));
    } else console.error('失败:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
