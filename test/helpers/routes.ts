/**
 * Every route of the app, read from the Express 5 router stack (never a hand-kept list, so a feature's new
 * route is covered the moment it is mounted). Static files (/assets) are served by a middleware, not a route.
 */
import type { Express } from 'express';

export interface RouteEntry {
  method: string;
  path: string;
}

interface LayerLike {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
  rawPath?: string | string[] | RegExp;
}

function join(prefix: string, p: string): string {
  const joined = `${prefix}/${p}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: LayerLike[], prefix: string, out: RouteEntry[]) {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) {
        for (const [m, on] of Object.entries(layer.route.methods)) {
          if (on) out.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: join(prefix, p) });
        }
      }
    } else if (layer.handle?.stack) {
      const raw = layer.rawPath;
      if (raw instanceof RegExp || Array.isArray(raw)) throw new Error('routes.ts: mount routers on a plain string path');
      walk(layer.handle.stack, raw && raw !== '/' ? join(prefix, raw) : prefix, out);
    }
  }
}

export function listRoutes(app: Express): RouteEntry[] {
  const router = (app as unknown as { router: { stack: LayerLike[] } }).router;
  const out: RouteEntry[] = [];
  walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Fill `:name` parameters: from `values`, else a plausible record id. */
export function concretePath(path: string, values: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => String(values[name] ?? 1));
}
