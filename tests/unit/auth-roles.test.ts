/**
 * The permission table and scopes, as a commission member would check them: who may export,
 * who may load, who reads the audit log, and what a district officer sees.
 */
import { describe, expect, it } from 'vitest';
import { CITY_SCOPE, districtScope } from '../../db/scope';
import { scopeOf, viewerOf } from '../../app/auth/viewer.server';
import { can, isRole, PERMISSIONS, ROLES, type Permission, type Role } from '../../app/auth/roles';

/** Every role × permission that is allowed; everything not listed must be refused. */
const ALLOWED: Record<Role, Permission[]> = {
  admin: ['view_dashboard', 'manage_users', 'manage_targets', 'view_audit', 'view_cases'],
  data_officer: ['view_dashboard', 'load_data'],
  leader: ['view_dashboard', 'view_evidence', 'export', 'view_cases'],
  commission: ['view_dashboard', 'view_evidence', 'export', 'view_audit', 'view_cases'],
  district_officer: ['view_dashboard', 'view_evidence', 'export', 'view_cases'],
};

describe('who may do what', () => {
  const cases = ROLES.flatMap((role) =>
    PERMISSIONS.map((permission) => ({
      role,
      permission,
      allowed: ALLOWED[role].includes(permission),
    })),
  );

  it.each(cases)('$role may $permission: $allowed', ({ role, permission, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it.each([
    { story: 'only data officers load data', permission: 'load_data', roles: ['data_officer'] },
    { story: 'only admins manage users', permission: 'manage_users', roles: ['admin'] },
    {
      story: 'admins and the commission read the audit log',
      permission: 'view_audit',
      roles: ['admin', 'commission'],
    },
    {
      story: 'everybody but the data officer reads the rectification cases',
      permission: 'view_cases',
      roles: ['admin', 'leader', 'commission', 'district_officer'],
    },
  ] as const)('$story', ({ permission, roles }) => {
    expect(ROLES.filter((r) => can(r, permission))).toEqual(roles);
  });

  it.each(['root', 'superuser', '', 'ADMIN'])('an unknown role "%s" may do nothing', (role) => {
    expect(isRole(role)).toBe(false);
    for (const p of PERMISSIONS) expect(can(role, p)).toBe(false);
  });
});

describe('scope', () => {
  it.each([
    { role: 'admin', districts: [], scope: CITY_SCOPE },
    { role: 'data_officer', districts: [], scope: CITY_SCOPE },
    { role: 'leader', districts: [], scope: CITY_SCOPE },
    { role: 'commission', districts: [], scope: CITY_SCOPE },
    // A city-wide role with districts on its row still sees the city: districts limit only officers.
    { role: 'leader', districts: ['230102'], scope: CITY_SCOPE },
    { role: 'district_officer', districts: ['230102'], scope: districtScope(['230102']) },
    {
      role: 'district_officer',
      districts: ['230102', '230103'],
      scope: districtScope(['230102', '230103']),
    },
    // The trap: an officer without districts must see nothing, never everything.
    { role: 'district_officer', districts: [], scope: districtScope([]) },
  ] as const)('$role with [$districts] sees $scope.kind', ({ role, districts, scope }) => {
    expect(scopeOf({ role, districtCodes: districts })).toEqual(scope);
  });

  it('a disabled user or an unknown role yields no viewer at all', () => {
    const base = { userId: 1, username: 'x', districtCodes: [] };
    expect(viewerOf({ ...base, role: 'leader', disabled: false }, 'session')).toMatchObject({
      role: 'leader',
      scope: CITY_SCOPE,
      via: 'session',
    });
    expect(viewerOf({ ...base, role: 'leader', disabled: true }, 'session')).toBeNull();
    expect(viewerOf({ ...base, role: 'superuser', disabled: false }, 'token')).toBeNull();
  });
});
