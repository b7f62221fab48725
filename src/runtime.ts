/**
 * Where the code runs from: the TypeScript sources (tsx, vitest) or the build output in dist/ (`npm start`,
 * `npm run cli`: `npm run build` compiles src/, migrations/ and seeds/ to dist/ with .ts imports rewritten to
 * .js). The project's folders and the way to start a module of ours as a child process follow from it.
 */
import { fork, type ChildProcess, type ForkOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** True when running the build output (dist/src/runtime.js), false from the sources (src/runtime.ts). */
export const compiled = here.endsWith('.js');

/** The project's folder (package.json, views/, .data/), from src/ and dist/src/ alike. */
export const projectRoot = path.resolve(path.dirname(here), compiled ? '../..' : '..');

/** Where the code of migrations/ and seeds/ is loaded from: dist/ when compiled, the project's folder otherwise. */
export const codeRoot = compiled ? path.join(projectRoot, 'dist') : projectRoot;

/** The file that runs for a module of ours named by its .ts URL (new URL('./x.ts', import.meta.url)): x.js when compiled. */
export function modulePath(url: URL): string {
  const file = fileURLToPath(url);
  return compiled ? file.replace(/\.ts$/, '.js') : file;
}

/**
 * Start a module of ours as a child process (named by its .ts URL): the compiled .js with plain node, or the .ts
 * through tsx (resolved from options.cwd, so give the project's folder). options.execArgv adds to that.
 */
export function forkModule(url: URL, args: readonly string[], options: ForkOptions = {}): ChildProcess {
  const execArgv = [...(compiled ? [] : ['--import', 'tsx']), ...(options.execArgv ?? [])];
  return fork(modulePath(url), args, { ...options, execArgv });
}
