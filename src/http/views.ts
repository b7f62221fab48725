/**
 * EJS with one layout: a page renders to `body`, then views/layout.ejs wraps it with the header, navigation and
 * flash messages. A page that stands alone (print views, error pages before sign-in) sets `layout: false` or
 * names another layout (`layout: 'print'`). Includes resolve from the including file's folder:
 * include('../partials/field').
 *
 * The templates are EJS's own compiled functions; only the include is ours. With the view cache on (production)
 * each template is compiled once and each include's file found once: EJS's include looked for the file on disk (a
 * stat) and copied the locals key by key on every include of every render — with the layout's three includes and a
 * form's fields, half of a small page's rendering time (issue 19 §4; Object.assign copies them in a fraction of it).
 */
import ejs from 'ejs';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../runtime.ts';

export const viewsDir = path.join(projectRoot, 'views');

type Callback = (err: Error | null, html?: string) => void;
type Locals = Record<string, unknown>;
type Include = (name: string, data?: Locals) => string;
/** EJS's compiled template in client mode: it takes the include function from its caller. */
type Compiled = (locals: Locals, escapeFn: undefined, include: Include) => string;

/** Compiled templates by file, and include files by (including file, name): filled only with the view cache on. */
const compiledCache = new Map<string, Compiled>();
const includeCache = new Map<string, string>();

function compile(file: string, cache: boolean): Compiled {
  const kept = cache ? compiledCache.get(file) : undefined;
  if (kept) return kept;
  const source = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const fn = ejs.compile(source, { client: true, filename: file, escape: ejs.escapeXML }) as unknown as Compiled;
  if (cache) compiledCache.set(file, fn);
  return fn;
}

/** As EJS resolved our includes: relative to the including file (EJS searches the views folder only when given a list). */
function includeFile(from: string, name: string, cache: boolean): string {
  const key = `${from}\0${name}`;
  const kept = cache ? includeCache.get(key) : undefined;
  if (kept) return kept;
  const file = path.resolve(path.dirname(from), path.extname(name) ? name : `${name}.ejs`);
  if (!fs.existsSync(file)) throw new Error(`Could not find the include file "${name}" (from ${path.relative(viewsDir, from)})`);
  if (cache) includeCache.set(key, file);
  return file;
}

function render(file: string, locals: Locals, cache: boolean): string {
  const include: Include = (name, data) => {
    // As EJS: the include gets its own copy of the locals (what it assigns stays its own) plus the data given.
    return render(includeFile(file, name, cache), Object.assign({}, locals, data), cache);
  };
  return compile(file, cache)(locals, undefined, include);
}

export function layoutEngine(file: string, opts: object, callback: Callback) {
  const options = opts as Locals;
  const cache = options.cache === true;
  let html: string;
  try {
    const body = render(file, options, cache);
    const layout = options.layout;
    if (layout === false) {
      html = body;
    } else {
      const layoutFile = path.join(viewsDir, 'layouts', `${typeof layout === 'string' ? layout : 'main'}.ejs`);
      // The page's assignments (locals.title) are on `options`.
      html = render(layoutFile, { ...options, body }, cache);
    }
  } catch (err) {
    return callback(err as Error);
  }
  callback(null, html);
}
