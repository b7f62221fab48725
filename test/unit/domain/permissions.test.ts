import { describe, expect, it } from 'vitest';
import { PERMISSIONS, can, roleAllowedAt } from '../../../src/domain/permissions.ts';

describe('the permission matrix of DESIGN §1', () => {
  const clerkT = { role: 'clerk', level: 'township' } as const;
  const supT = { role: 'supervisor', level: 'township' } as const;
  const supC = { role: 'supervisor', level: 'county' } as const;
  const adminC = { role: 'admin', level: 'county' } as const;

  it('lets township staff write cards and nobody at the county', () => {
    expect(can(clerkT, 'cards.write')).toBe(true);
    expect(can(supT, 'cards.write')).toBe(true);
    expect(can(supC, 'cards.write')).toBe(false);
    expect(can(adminC, 'cards.write')).toBe(false);
  });
  it('keeps month submission, acceptance and county approval with the right supervisor', () => {
    expect(can(supT, 'reports.submit')).toBe(true);
    expect(can(clerkT, 'reports.submit')).toBe(false);
    expect(can(supC, 'reports.close')).toBe(true);
    expect(can(supT, 'reports.close')).toBe(false);
    expect([clerkT, supT, supC, adminC].filter((u) => can(u, 'reports.rules'))).toEqual([supC, adminC]);
    expect(can(supC, 'subsidies.county_approve')).toBe(true);
    expect(can(supT, 'subsidies.township_review')).toBe(true);
    expect(can(clerkT, 'subsidies.township_review')).toBe(false);
  });
  it('gives administration to the admin only and the audit log to supervisors and admin', () => {
    for (const p of ['admin.regions', 'admin.users', 'admin.programs', 'admin.birth_policy', 'admin.validation_rules'] as const) {
      expect([clerkT, supT, supC, adminC].filter((u) => can(u, p))).toEqual([adminC]);
    }
    expect(can(clerkT, 'audit.read')).toBe(false);
    expect(can(supT, 'audit.read')).toBe(true);
  });
  it('gives the full-account bank file to the county supervisor only, and no full account to the admin', () => {
    expect([clerkT, supT, supC, adminC].filter((u) => can(u, 'subsidies.export_full_account'))).toEqual([supC]);
    expect(can(adminC, 'subsidies.reveal_account')).toBe(false);
    expect(can(clerkT, 'subsidies.reveal_account')).toBe(true);
  });
  it('every permission names only real role@level pairs', () => {
    for (const grants of Object.values(PERMISSIONS)) {
      for (const g of grants)
        expect(['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county', 'village@village', 'supervisor@city', 'admin@city', 'supervisor@province', 'admin@province']).toContain(
          g,
        );
    }
  });
  it('gives the city and province roll-ups, the county month, the figure check and read-only API tokens only, never a card, a service, a subsidy or an import', () => {
    for (const level of ['city', 'province'] as const) {
      const granted = (Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]).filter((p) => can({ role: 'supervisor', level }, p) || can({ role: 'admin', level }, p));
      expect(granted.sort()).toEqual(['admin.api_clients', 'admin.regions', 'admin.users', 'reports.accept_county', 'reports.county_months', 'reports.figure_check', 'reports.read']);
    }
    expect(can({ role: 'admin', level: 'city' }, 'reports.accept_county')).toBe(false);
    expect(can({ role: 'supervisor', level: 'county' }, 'reports.submit_county')).toBe(true);
    expect(roleAllowedAt('supervisor', 'city') && roleAllowedAt('admin', 'province') && !roleAllowedAt('clerk', 'city')).toBe(true);
  });
  it('knows which role may live at which level', () => {
    expect(roleAllowedAt('clerk', 'county')).toBe(false);
    expect(roleAllowedAt('clerk', 'township')).toBe(true);
    expect(roleAllowedAt('admin', 'township')).toBe(false);
    expect(roleAllowedAt('supervisor', 'village')).toBe(false);
  });
});
