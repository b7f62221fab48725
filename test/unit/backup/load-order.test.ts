import { describe, expect, it } from 'vitest';
import { parentsFirst, tableLoadOrder } from '../../../src/features/backup/service.ts';

describe('restore load order', () => {
  it('puts every table after the tables it references, ignoring self-references', () => {
    const order = tableLoadOrder(
      ['services', 'women', 'regions', 'audit_log', 'users'],
      [
        { table: 'women', columns: ['region_id'], refTable: 'regions', refColumns: ['id'] },
        { table: 'services', columns: ['woman_id'], refTable: 'women', refColumns: ['id'] },
        { table: 'users', columns: ['region_id'], refTable: 'regions', refColumns: ['id'] },
        { table: 'audit_log', columns: ['user_id'], refTable: 'users', refColumns: ['id'] },
        { table: 'regions', columns: ['parent_id'], refTable: 'regions', refColumns: ['id'] },
      ],
    );
    const at = (t: string) => order.indexOf(t);
    expect(order).toHaveLength(5);
    expect(at('regions')).toBeLessThan(at('women'));
    expect(at('women')).toBeLessThan(at('services'));
    expect(at('users')).toBeLessThan(at('audit_log'));
  });

  it('refuses a cycle between tables with a message naming it', () => {
    expect(() =>
      tableLoadOrder(
        ['a', 'b'],
        [
          { table: 'a', columns: ['b_id'], refTable: 'b', refColumns: ['id'] },
          { table: 'b', columns: ['a_id'], refTable: 'a', refColumns: ['id'] },
        ],
      ),
    ).toThrow(/外键循环.*a → b → a/);
  });

  it('orders rows of a self-referencing table parents first, whatever their ids', () => {
    const rows = [
      { id: 5, parent_id: 9, name: 'village' },
      { id: 9, parent_id: 2, name: 'township' },
      { id: 2, parent_id: null, name: 'county' },
      { id: 7, parent_id: 2, name: 'township 2' },
    ];
    const out = parentsFirst(rows, [{ key: 'id', ref: 'parent_id' }]).map((r) => r.name);
    expect(out.indexOf('county')).toBeLessThan(out.indexOf('township'));
    expect(out.indexOf('township')).toBeLessThan(out.indexOf('village'));
    expect(out).toHaveLength(4);
    expect(parentsFirst(rows, [])).toBe(rows);
  });
});
