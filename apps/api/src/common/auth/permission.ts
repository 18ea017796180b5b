/**
 * The one permission vocabulary of the api (dotted names). Every route declares one, or is explicitly public.
 * Roles map to sets of these; the people issue brings the policy's full role model.
 */
export const Permission = {
  LedgerRead: 'ledger.read',
  AccessLogRead: 'access-log.read',
  SessionRead: 'session.read',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const Role = {
  /** 情報システム管理者 — the demo admin holds this. */
  SystemAdministrator: 'system-administrator',
  /** Read-only auditor. */
  Auditor: 'auditor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  [Role.SystemAdministrator]: Object.values(Permission),
  [Role.Auditor]: [Permission.LedgerRead, Permission.AccessLogRead, Permission.SessionRead],
};

export function isRole(value: string): value is Role {
  return Object.values(Role).includes(value as Role);
}
