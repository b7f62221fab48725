/** What an audit row is about, named for a reader (src/features/audit/log/objects.ts). */
import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { auditObject, numericId, type AuditLookups } from '../../../src/features/audit/log/objects.ts';

const ID = '11010519491231002X';
const lookups = (over: Partial<AuditLookups> = {}): AuditLookups => ({
  women: new Map([[3001, { name: '王秀英', id_number: ID }]]),
  users: new Map([[7, { username: 'clerk_a', display_name: '张录入' }]]),
  regions: new Map([[12, { name: '城关镇' }]]),
  applications: new Map([[5, { name: '王秀英', id_number: ID }]]),
  mayOpenUsers: true,
  mayOpenCards: true,
  mayOpenApplications: true,
  ...over,
});

describe('audit objects', () => {
  it('a woman by name and masked ID number, linked to her card; out of scope, no name', () => {
    expect(auditObject({ entity: 'woman', entity_id: '3001' }, lookups())).toEqual({ text: '王秀英', detail: maskIdNumber(ID), href: '/women/3001' });
    expect(auditObject({ entity: 'woman', entity_id: '3002' }, lookups())).toEqual({ text: '育龄妇女 #3002' });
    expect(auditObject({ entity: 'woman', entity_id: null }, lookups())).toEqual({ text: '育龄妇女' });
  });

  it('an account by username, linked only for those who manage accounts; a region by name', () => {
    expect(auditObject({ entity: 'user', entity_id: '7' }, lookups())).toMatchObject({ text: 'clerk_a', href: '/admin/users/7' });
    expect(auditObject({ entity: 'user', entity_id: '7' }, lookups({ mayOpenUsers: false })).href).toBeUndefined();
    expect(auditObject({ entity: 'region', entity_id: '12' }, lookups())).toEqual({ text: '城关镇' });
  });

  it('an application with its woman; anything else by its Chinese kind and id, never the raw entity', () => {
    expect(auditObject({ entity: 'subsidy_application', entity_id: '5' }, lookups())).toEqual({ text: '补助申请 #5', detail: `王秀英 ${maskIdNumber(ID)}`, href: '/subsidies/applications/5' });
    expect(auditObject({ entity: 'subsidy_program', entity_id: 'reward_assistance' }, lookups()).text).toBe('补助项目 农村部分计划生育家庭奖励扶助(奖扶)');
    expect(auditObject({ entity: 'report_period', entity_id: '44' }, lookups()).text).toBe('月报 #44');
    expect(auditObject({ entity: 'population_figures', entity_id: '2026-03' }, lookups()).text).toBe('人口数据 2026-03');
    expect(auditObject({ entity: 'something_new', entity_id: '1' }, lookups()).text).toBe('something_new #1');
  });

  it('takes only plain ids that fit an integer column', () => {
    expect([numericId('42'), numericId('0042'), numericId('99999999999'), numericId('4a'), numericId(null), numericId('')]).toEqual([42, 42, undefined, undefined, undefined, undefined]);
  });
});
