/**
 * Reference data is seeded on every start: a second run changes nothing — no row rewritten (updated_at and
 * version stay), so a restored database stays identical to its backup and an admin's edits keep their version.
 */
import { describe, expect, it } from 'vitest';
import { databaseSummary } from '../../../src/features/backup/service.ts';
import { REFERENCE_TABLES, seedReference } from '../../../seeds/reference.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { must } from '../../helpers/must.ts';

describe('seedReference', () => {
  const t = useTestDatabase();

  it('leaves the reference tables exactly as they were when run again', async () => {
    await seedReference(t.db);
    const before = await databaseSummary(t.db, REFERENCE_TABLES);
    const versions = await t.db('subsidy_programs').orderBy('code').select('code', 'version', 'updated_at');
    await new Promise((r) => setTimeout(r, 20));
    await seedReference(t.db);
    expect(await databaseSummary(t.db, REFERENCE_TABLES)).toEqual(before);
    expect(await t.db('subsidy_programs').orderBy('code').select('code', 'version', 'updated_at')).toEqual(versions);
    expect(versions).toHaveLength(5);
  });

  it('still corrects a program whose label changed', async () => {
    await t.db('subsidy_programs').where({ code: 'reward_assistance' }).update({ name: '旧名称' });
    await seedReference(t.db);
    expect(must(await t.db('subsidy_programs').where({ code: 'reward_assistance' }).first(), 'program').name).not.toBe('旧名称');
  });
});
