/**
 * The shape of the code, as src/CONVENTIONS.md describes it, checked so that it stays true: every feature a folder
 * of subjects with the same role names, layers in one direction, features meeting only at their root service.ts,
 * and every path the conventions' tour names present in the tree.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const featuresDir = path.join(root, 'src/features');
const rel = (file: string) => path.relative(root, file);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The relative `.ts` modules a file imports (static imports and re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+\.ts)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

const features = readdirSync(featuresDir).filter((n) => statSync(path.join(featuresDir, n)).isDirectory());
const featureFiles = filesUnder(featuresDir).filter((f) => f.endsWith('.ts'));
const featureOf = (file: string) => path.relative(featuresDir, file).split(path.sep)[0];
const role = (file: string) => path.basename(file, '.ts');

describe('the shape of a feature', () => {
  it('each feature root holds only its manifest (index.ts), its public API (service.ts) and subject folders', () => {
    const odd = features.flatMap((f) =>
      readdirSync(path.join(featuresDir, f))
        .filter((n) => !statSync(path.join(featuresDir, f, n)).isDirectory() && n !== 'index.ts' && n !== 'service.ts')
        .map((n) => `src/features/${f}/${n}`),
    );
    expect(odd).toEqual([]);
    // A feature with pages has a manifest; one without (backup: operator commands only) needs none.
    const withPages = features.filter((f) => filesUnder(path.join(featuresDir, f)).some((file) => role(file) === 'routes'));
    expect(withPages.length).toBeGreaterThan(8);
    for (const f of withPages) expect(readdirSync(path.join(featuresDir, f)), f).toContain('index.ts');
  });

  it('subjects use the fixed role names, not feature-prefixed ones (cards-routes, routes-record, queries-payments …)', () => {
    const odd = featureFiles.filter((f) => /(^|-)(routes|service|queries|schemas)(-|$)/.test(role(f)) && !['routes', 'service', 'queries', 'schemas'].includes(role(f)));
    expect(odd.map(rel)).toEqual([]);
  });

  it('routes never import a queries file; services and queries never import src/http or express', () => {
    const bad: string[] = [];
    for (const f of featureFiles) {
      const text = readFileSync(f, 'utf8');
      if (role(f) === 'routes') for (const i of importsOf(f)) if (role(i) === 'queries') bad.push(`${rel(f)} → ${rel(i)}`);
      if (role(f) === 'service' || role(f) === 'queries') {
        for (const i of importsOf(f)) if (rel(i).startsWith('src/http/')) bad.push(`${rel(f)} → ${rel(i)}`);
        if (/from 'express'/.test(text)) bad.push(`${rel(f)} → express`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('SQL (a knex query or a raw statement) is written only in queries.ts files', () => {
    const knexCall = /\b(db|trx)(<[^>]*>)?\(['"`]|\.raw(<[^>]*>)?\(/;
    const bad = featureFiles.filter((f) => role(f) !== 'queries' && knexCall.test(readFileSync(f, 'utf8'))).map(rel);
    expect(bad).toEqual([]);
  });

  it('a feature reaches another feature only through its root service.ts', () => {
    const bad: string[] = [];
    // src/features/index.ts (the list of manifests) and feature.ts belong to no feature.
    for (const f of featureFiles.filter((file) => features.includes(featureOf(file)!))) {
      for (const i of importsOf(f)) {
        if (!i.startsWith(featuresDir + path.sep)) continue;
        const other = featureOf(i);
        if (other === featureOf(f) || !features.includes(other!)) continue;
        if (rel(i) !== `src/features/${other}/service.ts`) bad.push(`${rel(f)} → ${rel(i)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('every path the conventions name exists', () => {
    const text = readFileSync(path.join(root, 'src/CONVENTIONS.md'), 'utf8');
    const named = [...text.matchAll(/`((?:src|test|views|seeds|migrations)\/[\w./-]+\.(?:ts|ejs|md))`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((p) => {
      try {
        return !statSync(path.join(root, p)).isFile();
      } catch {
        return true;
      }
    });
    expect(missing).toEqual([]);
  });
});
