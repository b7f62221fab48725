/// <reference lib="dom" />
/**
 * Every page the accessibility check visits, as data. A feature appends its pages here (list, card, forms,
 * reports, rosters, print views), with the actor that opens it and, when the page needs a record, a path
 * built from the fixtures. `prepare` may act on the page before the check (e.g. submit a form to check its
 * error state).
 */
import type { Page } from 'playwright-core';
import type { Cast, Who } from '../helpers/actors.ts';
import { FEATURE_PAGES } from './pages-features.ts';

/** The cast and the scenario's records (test/helpers/scenario.ts) that pages open. */
export interface Stage extends Cast {
  records: Record<string, number>;
  today: string;
  month: string;
}

export interface PageCheck {
  name: string;
  as: Who;
  path: string | ((stage: Stage) => string);
  /** Expected HTTP status of the page (200 unless said). */
  status?: number;
  prepare?: (page: Page, stage: Stage) => Promise<void>;
}

export async function submitEmpty(page: Page, formSelector: string) {
  await Promise.all([page.waitForNavigation(), page.click(`${formSelector} button[type=submit]`)]);
}

export const PAGES: PageCheck[] = [
  { name: '登录', as: 'anonymous', path: '/login' },
  {
    name: '登录（密码错误）',
    as: 'anonymous',
    path: '/login',
    prepare: async (page) => {
      await page.fill('#f-username', 'nobody');
      await page.fill('#f-password', 'wrong-password');
      await submitEmpty(page, 'form[action="/login"]');
    },
  },
  { name: '首页（管理员）', as: 'admin', path: '/' },
  { name: '首页（县审核员）', as: 'countySup', path: '/' },
  { name: '首页（乡镇审核员）', as: 'supA', path: '/' },
  { name: '首页（录入员）', as: 'clerkA', path: '/' },
  { name: '修改密码', as: 'clerkA', path: '/account/password' },
  { name: '修改密码（有错误）', as: 'clerkB', path: '/account/password', prepare: (page) => submitEmpty(page, 'form[action="/account/password"]') },
  { name: '区划管理', as: 'admin', path: '/admin/regions' },
  {
    name: '区划管理（展开全部）',
    as: 'admin',
    path: '/admin/regions',
    prepare: async (page) => {
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    },
  },
  { name: '区划管理（有错误）', as: 'admin', path: '/admin/regions', prepare: (page) => submitEmpty(page, 'form[action="/admin/regions"]') },
  { name: '生育政策', as: 'admin', path: '/admin/birth-policy' },
  { name: '生育政策（有错误）', as: 'admin', path: '/admin/birth-policy', prepare: (page) => submitEmpty(page, 'form[action="/admin/birth-policy"]') },
  { name: '账户列表', as: 'admin', path: '/admin/users' },
  { name: '新增账户', as: 'admin', path: '/admin/users/new' },
  { name: '新增账户（有错误）', as: 'admin', path: '/admin/users/new', prepare: (page) => submitEmpty(page, 'form[action="/admin/users"]') },
  { name: '账户详情', as: 'admin', path: (c) => `/admin/users/${c.users.clerkA.id}` },
  { name: '审计日志（县）', as: 'admin', path: '/audit' },
  { name: '审计日志（乡镇）', as: 'supA', path: '/audit' },
  { name: '页面不存在（已登录）', as: 'clerkA', path: '/no-such-page', status: 404 },
  { name: '页面不存在（未登录）', as: 'anonymous', path: '/no-such-page', status: 404 },
  { name: '无权访问', as: 'clerkA', path: '/admin/users', status: 403 },
  ...FEATURE_PAGES,
];
