/**
 * Load order for a restore (pure): every table after the tables it references, and inside a table that
 * references itself (regions.parent_id) every row after the row it points to. No I/O, unit-tested.
 */

export interface ForeignKey {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
}

/** Tables ordered so that each comes after every table it references (self-references ignored). */
export function tableLoadOrder(tables: string[], fks: ForeignKey[]): string[] {
  const set = new Set(tables);
  const deps = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const fk of fks) {
    if (fk.table === fk.refTable || !set.has(fk.table) || !set.has(fk.refTable)) continue;
    deps.get(fk.table)!.add(fk.refTable);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting') throw new Error(`外键循环，无法确定装入顺序：${[...path, t].join(' → ')}`);
    state.set(t, 'visiting');
    for (const d of [...deps.get(t)!].sort()) visit(d, [...path, t]);
    state.set(t, 'done');
    order.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return order;
}

/**
 * Rows of a self-referencing table ordered parents first. `key` and `ref` name the referenced and the
 * referencing column of each self-reference (e.g. id ← parent_id). A row whose parent is missing keeps its
 * place at the end (the foreign key will then refuse it, which is the honest outcome).
 */
export function parentsFirst<T extends Record<string, unknown>>(rows: T[], selfRefs: { key: string; ref: string }[]): T[] {
  if (selfRefs.length === 0) return rows;
  const keyOf = (row: T, col: string) => (row[col] == null ? undefined : String(row[col]));
  const remaining = new Set(rows.map((_r, i) => i));
  const placed = new Map<string, Set<string>>(selfRefs.map((s) => [s.key, new Set<string>()]));
  const out: T[] = [];
  let progress = true;
  while (remaining.size && progress) {
    progress = false;
    for (const i of [...remaining]) {
      const row = rows[i];
      const ready = selfRefs.every((s) => {
        const parent = keyOf(row, s.ref);
        return parent === undefined || placed.get(s.key)!.has(parent) || keyOf(row, s.key) === parent;
      });
      if (!ready) continue;
      out.push(row);
      for (const s of selfRefs) {
        const k = keyOf(row, s.key);
        if (k !== undefined) placed.get(s.key)!.add(k);
      }
      remaining.delete(i);
      progress = true;
    }
  }
  for (const i of remaining) out.push(rows[i]);
  return out;
}
