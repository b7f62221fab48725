/**
 * Every form the keyboard check fills, as data. The check reaches the form with Tab (or starts in the field
 * that has autofocus), verifies that Tab visits the controls in the order of the page, types each value (a
 * select is moved with the arrow keys), presses Enter in the last text field, and expects the page it lands
 * on. `invalid` values are then submitted the same way and focus must land on the first field in error.
 * Features append their forms (new card, child, service, population, application).
 */
import type { Knex } from 'knex';
import type { Who } from '../helpers/actors.ts';
import { FEATURE_FORMS } from './forms-features.ts';
import type { Stage } from './pages.ts';

export interface KeyboardForm {
  name: string;
  as: Who;
  path: string | ((stage: Stage) => string);
  /** CSS selector of the form. */
  form: string;
  /** 'autofocus': the first field has focus on arrival; 'tab': Tab from the top of the page reaches it. */
  start: 'autofocus' | 'tab';
  /** Values by control name, typed in tab order (controls without a value are tabbed past). */
  values: (stage: Stage, n: number) => Record<string, string>;
  /** Where a successful submission lands. */
  landsOn: RegExp;
  /** Values that fail validation: focus must then be on this control (by name). */
  invalid?: { values: (stage: Stage, n: number) => Record<string, string>; focus: string };
  /** What the database must hold after the keyboard submission (throws or fails an expect otherwise). */
  saved?: (db: Knex, stage: Stage, n: number) => Promise<void>;
}

export const FORMS: KeyboardForm[] = [
  {
    name: '登录',
    as: 'anonymous',
    path: '/login',
    form: 'form[action="/login"]',
    start: 'autofocus',
    values: (c) => ({ username: c.users.supB.username, password: c.users.supB.password }),
    landsOn: /^\/$/,
  },
  {
    name: '新增区划',
    as: 'admin',
    path: '/admin/regions',
    form: 'form[action="/admin/regions"]',
    start: 'tab',
    values: (_c, n) => ({ code: `99010000208${n}`, name: `键盘村${n}` }),
    landsOn: /^\/admin\/regions$/,
    invalid: { values: (_c, n) => ({ code: `99010000900${n}`, name: '孤村' }), focus: 'input[name=code]' },
  },
  {
    name: '新增账户',
    as: 'admin',
    path: '/admin/users/new',
    form: 'form[action="/admin/users"]',
    start: 'autofocus',
    values: (c, n) => ({ username: `kbd_user_${n}`, display_name: '键盘用户', role: 'clerk', region_id: String(c.world.townshipA.id), password: 'Keyboard-Pass-1' }),
    landsOn: /^\/admin\/users\/\d+$/,
    invalid: {
      values: (c, n) => ({ username: `kbd_bad_${n}`, display_name: '', role: 'clerk', region_id: String(c.world.county.id), password: 'short' }),
      focus: 'input[name=display_name]',
    },
  },
  {
    name: '修改密码',
    as: 'clerkB',
    path: '/account/password',
    form: 'form[action="/account/password"]',
    start: 'autofocus',
    values: (c) => ({ current_password: c.users.clerkB.password, new_password: 'Keyboard-New-22', confirm_password: 'Keyboard-New-22' }),
    landsOn: /^\/$/,
    invalid: { values: () => ({ current_password: 'wrong-current', new_password: 'Keyboard-New-33', confirm_password: 'Keyboard-New-33' }), focus: 'input[name=current_password]' },
  },
  ...FEATURE_FORMS,
];
