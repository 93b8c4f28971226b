/**
 * Who may do what: the one permission table, pure so components can ask it too (to hide a
 * button) while loaders and actions enforce it (app/auth/guard.server.ts). Hiding is a
 * courtesy; the guard is the rule.
 *
 * Roles, from the access-control issue:
 * - admin: users, targets and thresholds; reads the whole city to set them; reads the audit log.
 * - data_officer: loads data; reads the whole city (a load's row errors name every district).
 * - leader: reads the whole city, flag evidence and reports included.
 * - commission: reads the whole city, flags with evidence, exports; reads the audit log, because
 *   checking who looked at what is part of discipline inspection.
 * - district_officer: reads, limited to the districts on their account — evidence and exports
 *   too, since scoping in the query layer keeps other districts out of both.
 * - Rectification cases: commission and leaders open and verify them, district officers answer
 *   their own districts', the admin reads all of them (oversight/cases.ts has the rules).
 */
import type { Bilingual } from '../../oversight/bilingual';

export const ROLES = ['admin', 'data_officer', 'leader', 'commission', 'district_officer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Pages and JSON: overview, district pages, flags, data freshness. */
  'view_dashboard',
  /** The evidence behind a flag (tickets, complaints, delegated powers, source files). */
  'view_evidence',
  /** CSV downloads and PDF reports. */
  'export',
  /** CSV upload and ETL hand-over. */
  'load_data',
  /** Add, disable and re-password users; issue and revoke API tokens. */
  'manage_users',
  /** Change targets and flag thresholds. */
  'manage_targets',
  /** Read the audit log. */
  'view_audit',
  /**
   * Rectification cases: the list, a case's page and its API. What each role may then do to a
   * case (open, acknowledge, respond, verify, close) is oversight/cases.ts's to decide.
   */
  'view_cases',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const TABLE: Record<Role, readonly Permission[]> = {
  admin: ['view_dashboard', 'manage_users', 'manage_targets', 'view_audit', 'view_cases'],
  data_officer: ['view_dashboard', 'load_data'],
  leader: ['view_dashboard', 'view_evidence', 'export', 'view_cases'],
  commission: ['view_dashboard', 'view_evidence', 'export', 'view_audit', 'view_cases'],
  district_officer: ['view_dashboard', 'view_evidence', 'export', 'view_cases'],
};

/** Roles whose scope is the whole city; every other role sees only its own districts. */
const CITY_WIDE: ReadonlySet<Role> = new Set(['admin', 'data_officer', 'leader', 'commission']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether the role may do it. An unknown role (a corrupted row) may do nothing. */
export function can(role: Role | string, permission: Permission): boolean {
  return isRole(role) && TABLE[role].includes(permission);
}

export function isCityWide(role: Role): boolean {
  return CITY_WIDE.has(role);
}

/** Every permission of a role, for the nav and for tests. */
export function permissionsOf(role: Role): readonly Permission[] {
  return TABLE[role];
}

/** How a role is named to people, in both languages (the CLI prints both). */
export const ROLE_NAMES: Record<Role, Bilingual> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  data_officer: { zh: '数据专员', en: 'data officer' },
  leader: { zh: '市领导', en: 'city leader' },
  commission: { zh: '纪委监委', en: 'discipline commission' },
  district_officer: { zh: '区县专员', en: 'district officer' },
};
