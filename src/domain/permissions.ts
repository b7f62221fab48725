/**
 * Who may do what (DESIGN §1): a permission is granted to role@level pairs. Pure data and one function, so the
 * whole matrix is unit-tested and the security tests can walk it. Where the data lives (scope) is decided
 * separately, in the query layer.
 */
import type { Role } from './codes.ts';

export type ScopeLevel = 'county' | 'township' | 'village' | 'city' | 'province';
export type Grant = `${Role}@${ScopeLevel}`;

export const PERMISSIONS = {
  'cards.read': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county'],
  'cards.write': ['clerk@township', 'supervisor@township'],
  'cards.reveal_id': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county'],
  'transfers.send': ['clerk@township', 'supervisor@township'],
  'services.write': ['clerk@township', 'supervisor@township'],
  'rosters.read': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county', 'village@village'],
  'population.write': ['clerk@township', 'supervisor@township'],
  'subsidies.read': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county'],
  'subsidies.draft': ['clerk@township', 'supervisor@township'],
  'subsidies.township_review': ['supervisor@township'],
  'subsidies.county_approve': ['supervisor@county'],
  'subsidies.payments': ['supervisor@county'],
  /** Saving the eligibility audit as dated reviews (the 考核 indicator 奖扶特扶资格确认准确率 counts them). */
  'subsidies.review': ['supervisor@county'],
  /** The bank file with full account numbers, on request with a reason (audited). */
  'subsidies.export_full_account': ['supervisor@county'],
  /** A full bank account on the application page, on request with a reason (audited). */
  'subsidies.reveal_account': ['clerk@township', 'supervisor@township', 'supervisor@county'],
  'reports.read': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county', 'supervisor@city', 'admin@city', 'supervisor@province', 'admin@province'],
  'reports.submit': ['supervisor@township'],
  'reports.close': ['supervisor@county'],
  /** The county's dated rule of 长效节育措施落实率 (a new rule from a date on; earlier figures keep theirs). */
  'reports.rules': ['supervisor@county', 'admin@county'],
  /** 指标库核对 (/admin/figure-check): the nightly store check, each reader her own region's villages. */
  'reports.figure_check': ['supervisor@county', 'admin@county', 'supervisor@city', 'admin@city', 'supervisor@province', 'admin@province'],
  /** The county's 考核 targets (/targets/settings): this year's and later years' rows, never a past year's. */
  'assessment.targets': ['supervisor@county', 'admin@county'],
  'imports.write': ['clerk@township', 'supervisor@township'],
  /** Hospital / police birth lists: import, confirm, re-match (issue 16 §3); explaining a 漏报 item is cards.write. */
  'outside_births.import': ['clerk@township', 'supervisor@township', 'supervisor@county'],
  'admin.regions': ['admin@county', 'admin@city', 'admin@province'],
  'admin.users': ['admin@county', 'admin@city', 'admin@province'],
  'admin.programs': ['admin@county'],
  /** The county's birth-policy rule set (/admin/birth-policy). */
  'admin.birth_policy': ['admin@county'],
  /** The aggregate validation rules (level, active, parameters). */
  'admin.validation_rules': ['admin@county'],
  /** Certificate applications (issue 17 §1): the township enters and hands over; its supervisor decides and revokes. */
  'certificates.apply': ['clerk@township', 'supervisor@township'],
  'certificates.decide': ['supervisor@township'],
  /** The follow-up schedules and device lifetimes (/admin/follow-up-schedules). */
  'admin.schedules': ['admin@county'],
  /** The village 网底: report an event (孕情, 出生 …) for the township to confirm (/village/reports). */
  'network.report': ['village@village'],
  /** The village worker's visits: a follow-up result and a 双查 result from /village (nothing else of services.write). */
  'network.visit': ['village@village'],
  /** The township's confirm queue of reported events (/confirm-queue): confirm into the register, or return. */
  'network.confirm': ['clerk@township', 'supervisor@township'],
  'audit.read': ['supervisor@township', 'supervisor@county', 'admin@county'],
  /** 计划生育特殊家庭: the files, their contact persons and care records (issue 17 §2). */
  'special_families.read': ['clerk@township', 'supervisor@township', 'supervisor@county', 'admin@county'],
  'special_families.write': ['clerk@township', 'supervisor@township', 'supervisor@county'],
  /** 协查 exchange packages with partner counties (export, import). */
  'floating.exchange': ['supervisor@county', 'admin@county'],
  /** The partner counties and their shared secrets. */
  'admin.exchange_partners': ['admin@county'],
  /** The JSON API's clients and their tokens (/admin/api-clients); above the county, read-only roll-up tokens. */
  'admin.api_clients': ['admin@county', 'admin@city', 'admin@province'],
  /** The county's month up the chain (issue 19 §1): the county supervisor submits it once every township's month is accepted. */
  'reports.submit_county': ['supervisor@county'],
  /** The region above the county (city, or province without a city) accepts or returns the county's month. */
  'reports.accept_county': ['supervisor@city', 'supervisor@province'],
  /** The counties' months up the chain (/reports/county-months): the county's own, or every county of a city or province. */
  'reports.county_months': ['supervisor@county', 'admin@county', 'supervisor@city', 'admin@city', 'supervisor@province', 'admin@province'],
} as const satisfies Record<string, readonly Grant[]>;

export type Permission = keyof typeof PERMISSIONS;

export interface RoleHolder {
  role: Role;
  level: ScopeLevel;
}

export function can(user: RoleHolder, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Grant[]).includes(`${user.role}@${user.level}`);
}

/** Role and region combinations an account may have (an admin cannot create a clerk at the county). */
export const ALLOWED_ROLE_LEVELS: Record<Role, readonly ScopeLevel[]> = {
  clerk: ['township'],
  supervisor: ['township', 'county', 'city', 'province'],
  admin: ['county', 'city', 'province'],
  village: ['village'],
};

export function roleAllowedAt(role: Role, level: string): boolean {
  return (ALLOWED_ROLE_LEVELS[role] as readonly string[]).includes(level);
}
