/** Navigation by role (UI.md): each feature declares its items; the header shows those the user may use. */
import { can, type Permission, type RoleHolder } from '../domain/permissions.ts';

export interface NavItem {
  key: string;
  label: string;
  href: string;
  /** Shown when the user holds any of these (none: every signed-in user). */
  permissions?: Permission[];
  order: number;
}

export function navFor(user: RoleHolder, items: NavItem[]): NavItem[] {
  return items.filter((i) => !i.permissions || i.permissions.some((p) => can(user, p))).sort((a, b) => a.order - b.order);
}
