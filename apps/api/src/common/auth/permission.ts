/**
 * The one permission vocabulary of the api (dotted names, never renamed or reused). Every route declares one,
 * or is explicitly @Public(). Roles (role.ts) map to sets of these.
 */
export const Permission = {
  LedgerRead: 'ledger.read',
  LedgerAnnotate: 'ledger.annotate',
  LedgerReview: 'ledger.review',
  LedgerExport: 'ledger.export',
  OccupancyRead: 'occupancy.read',
  AreasRead: 'areas.read',
  AreasLockdown: 'areas.lockdown',
  AccessLogRead: 'access-log.read',
  PeopleRead: 'people.read',
  PeopleWrite: 'people.write',
  OrganisationWrite: 'organisation.write',
  CompaniesWrite: 'companies.write',
  IdentityCheckWrite: 'identity-check.write',
  PinIssue: 'pin.issue',
  VeinEnrol: 'vein.enrol',
  /** Register and revoke IC staff cards as door identifiers. */
  CardIssue: 'card.issue',
  AuthorisationsRead: 'authorisations.read',
  AuthorisationsWrite: 'authorisations.write',
  AuthorisationsApprove: 'authorisations.approve',
  HolidaysWrite: 'holidays.write',
  HrImport: 'hr.import',
  ReportsRead: 'reports.read',
  IdReviewWrite: 'id-review.write',
  OperatorsRead: 'operators.read',
  OperatorsWrite: 'operators.write',
  RolesAssign: 'roles.assign',
  RolesApproveDeputy: 'roles.approve-deputy',
  /** Nominate a deputy for a privileged role one holds (5(2)①ウ). */
  RolesNominateDeputy: 'roles.nominate-deputy',
  ApiTokensManage: 'api-tokens.manage',
  SessionRead: 'session.read',
  /** See alarms: two-person rule, doors forced or held open, tamper, bridge clocks (6(1)ア,ウ). */
  AlarmsRead: 'alarms.read',
  /** Acknowledge an alarm with a comment (a new record, never an edit). */
  AlarmsAcknowledge: 'alarms.acknowledge',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const ALL_PERMISSIONS: readonly Permission[] = Object.values(Permission);
