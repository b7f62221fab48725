/** `--code 990100 --name 示例县 file.csv` → { flags: {code, name}, positional: ['file.csv'] } */
export class CliError extends Error {}

export interface Args {
  flags: Record<string, string | true>;
  positional: string[];
}

export function parseArgs(argv: string[]): Args {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) flags[k] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags[k] = argv[++i];
      else flags[k] = true;
    } else positional.push(a);
  }
  return { flags, positional };
}

export function requireFlag(args: Args, name: string): string {
  const v = args.flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`缺少参数 --${name}`);
  return v.trim();
}

/** Read all of standard input (passwords are piped, never given on the command line). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new CliError('请通过标准输入提供密码，例如: echo "密码" | npm run cli -- create-user …');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
