/**
 * Whose data a query may return. Every query function takes one, so scoping is enforced in the
 * query layer, not in pages: a district officer's scope lists their districts, and no road out
 * (page, JSON, CSV, PDF) can reach past it.
 */
import { sql, type SQL } from 'drizzle-orm';

export type Scope = { kind: 'city' } | { kind: 'districts'; districtCodes: readonly string[] };

export const CITY_SCOPE: Scope = { kind: 'city' };

export const districtScope = (districtCodes: readonly string[]): Scope => ({
  kind: 'districts',
  districtCodes,
});

/** SQL condition: the district code in `column` is within the scope. */
export function inScope(scope: Scope, column: SQL): SQL {
  if (scope.kind === 'city') return sql`true`;
  return sql`list_contains(${sql.param([...scope.districtCodes])}, ${column})`;
}

/** The part of a scope that lies within the given districts (never wider than the scope). */
export function narrowScope(scope: Scope, districtCodes: readonly string[]): Scope {
  if (scope.kind === 'city') return districtScope(districtCodes);
  const allowed = new Set(scope.districtCodes);
  return districtScope(districtCodes.filter((c) => allowed.has(c)));
}
