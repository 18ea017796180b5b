import { ALL_PERMISSIONS, Permission, type Permission as P } from './permission.js';

/**
 * The policy's organisation (clause 1) as roles. Privileged roles are kept to a minimum (5(2)①ウ): a report lists
 * their holders, a deputy takes effect only when the CISO approves, and contractors can never hold one.
 */
export const Role = {
  /** 最高情報セキュリティ責任者 — final authority; approves deputies and exceptions. */
  Ciso: 'ciso',
  /** 統括情報セキュリティ責任者 — authority over all measures. */
  ChiefSecurityManager: 'chief-security-manager',
  /** 情報セキュリティ責任者 — head of a department. */
  DepartmentSecurityOfficer: 'department-security-officer',
  /** 情報セキュリティ管理者 — head of a section. */
  SectionSecurityManager: 'section-security-manager',
  /** 情報システム管理者 — owns the server rooms. */
  SystemAdministrator: 'system-administrator',
  /** 情報システム担当者 — acts for the system administrator. */
  SystemStaff: 'system-staff',
  /** 職員 — any staff member with a console login (changes own password, sees nothing else). */
  Staff: 'staff',
  /** 外部委託事業者 — contractor portal. */
  Contractor: 'contractor',
  /** Read-only auditor. */
  Auditor: 'auditor',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const PRIVILEGED_ROLES: readonly Role[] = [Role.Ciso, Role.ChiefSecurityManager, Role.SystemAdministrator, Role.SystemStaff];

const READ: P[] = [
  Permission.LedgerRead, Permission.LedgerExport, Permission.AccessLogRead, Permission.PeopleRead, Permission.AuthorisationsRead,
  Permission.ReportsRead, Permission.OperatorsRead, Permission.OccupancyRead, Permission.AreasRead, Permission.SessionRead,
  Permission.AlarmsRead,
];
/** Running the rooms: lockdowns, anti-passback forgive, purposes and corrections, the daily sign-off, alarms. */
const OPERATE: P[] = [Permission.AreasLockdown, Permission.LedgerAnnotate, Permission.LedgerReview, Permission.AlarmsAcknowledge];
const MANAGE_PEOPLE: P[] = [
  Permission.PeopleWrite, Permission.OrganisationWrite, Permission.CompaniesWrite, Permission.IdentityCheckWrite,
  Permission.PinIssue, Permission.VeinEnrol, Permission.CardIssue, Permission.AuthorisationsWrite, Permission.HolidaysWrite,
  Permission.HrImport, Permission.IdReviewWrite,
];

export const rolePermissions: Record<Role, readonly P[]> = {
  [Role.Ciso]: [...READ, Permission.AreasLockdown, Permission.RolesApproveDeputy, Permission.RolesAssign, Permission.RolesNominateDeputy, Permission.AuthorisationsApprove],
  [Role.ChiefSecurityManager]: [
    ...READ, Permission.AreasLockdown, Permission.LedgerReview, Permission.RolesAssign, Permission.RolesNominateDeputy, Permission.AuthorisationsApprove,
    Permission.AlarmsAcknowledge,
  ],
  [Role.DepartmentSecurityOfficer]: [Permission.LedgerRead, Permission.PeopleRead, Permission.ReportsRead, Permission.OccupancyRead, Permission.SessionRead],
  [Role.SectionSecurityManager]: [Permission.LedgerRead, Permission.LedgerReview, Permission.PeopleRead, Permission.OccupancyRead, Permission.SessionRead, Permission.AlarmsRead],
  [Role.SystemAdministrator]: [
    ...READ, ...MANAGE_PEOPLE, ...OPERATE, Permission.AuthorisationsApprove, Permission.OperatorsWrite, Permission.RolesAssign,
    Permission.RolesNominateDeputy, Permission.ApiTokensManage,
  ],
  [Role.SystemStaff]: [...READ, ...MANAGE_PEOPLE, ...OPERATE, Permission.AuthorisationsApprove],
  [Role.Staff]: [Permission.SessionRead],
  [Role.Contractor]: [Permission.SessionRead],
  [Role.Auditor]: [...READ],
};

export function isRole(value: string): value is Role {
  return (Object.values(Role) as string[]).includes(value);
}

export function isPrivileged(role: Role): boolean {
  return PRIVILEGED_ROLES.includes(role);
}

/** Everything a set of roles may do. */
export function permissionsOf(roles: readonly string[]): Set<P> {
  return new Set(roles.filter(isRole).flatMap((r) => rolePermissions[r]));
}

/** Only permissions that exist (API token scopes are checked against this). */
export function isPermission(value: string): value is P {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}
