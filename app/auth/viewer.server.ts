/**
 * The signed-in person a request is for, and the data they may see. Every query takes
 * `viewer.scope`; nothing else decides whose numbers a page, an API call, a CSV or a PDF shows.
 */
import { CITY_SCOPE, districtScope, type Scope } from '../../db/scope';
import { isCityWide, isRole, type Role } from './roles';

export interface Viewer {
  userId: number;
  username: string;
  role: Role;
  scope: Scope;
  /** How the request proved who it is: a browser session cookie or an API token. */
  via: 'session' | 'token';
}

/** What scopeOf needs to know about a user (a users row, a session's or a token's owner). */
export interface ScopedUser {
  role: Role;
  districtCodes: readonly string[];
}

/**
 * The whole city for city-wide roles; for a district officer exactly the districts on their
 * account — none at all when the account lists none, never everything.
 */
export function scopeOf(user: ScopedUser): Scope {
  if (isCityWide(user.role)) return CITY_SCOPE;
  return districtScope([...user.districtCodes]);
}

/**
 * A Viewer for a credential's owner, or null when the owner may not sign in: disabled, or a
 * role this build does not know (a row written by a newer version, or tampered with).
 */
export function viewerOf(
  owner: {
    userId: number;
    username: string;
    role: string;
    districtCodes: readonly string[];
    disabled: boolean;
  },
  via: Viewer['via'],
): Viewer | null {
  if (owner.disabled || !isRole(owner.role)) return null;
  const role = owner.role;
  return {
    userId: owner.userId,
    username: owner.username,
    role,
    scope: scopeOf({ role, districtCodes: owner.districtCodes }),
    via,
  };
}
