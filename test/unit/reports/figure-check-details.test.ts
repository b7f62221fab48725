/**
 * The figure check's details past one county (issue 19): at most 200 stored per county, so one county's many
 * differences never push another county's out of the run; and the differences counted per county.
 */
import { describe, expect, it } from 'vitest';
import { detailsPerCounty, differencesPerCounty } from '../../../src/features/reports/store/service.ts';

const diff = (village_code: string, i: number) => ({ village_code, month: `2025-${String((i % 12) + 1).padStart(2, '0')}`, key: 'births', stored: 1, live: 0 });

describe('figure check details per county', () => {
  it('keeps 200 per county and counts every county', () => {
    const many = Array.from({ length: 250 }, (_v, i) => diff('990100001001', i));
    const few = [diff('990101001001', 0), diff('990101001001', 1)];
    const kept = detailsPerCounty([...many, ...few]);
    expect(kept.filter((d) => d.village_code.startsWith('990100'))).toHaveLength(200);
    expect(kept.filter((d) => d.village_code.startsWith('990101'))).toEqual(few);
    expect(differencesPerCounty([...many, ...few])).toEqual({ '990100': 250, '990101': 2 });
  });
});
