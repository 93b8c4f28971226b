/**
 * The flags page: the period's flags (or every week's of a week range) filtered as asked, each with its evidence and source
 * files, and what the filters can choose from.
 */
import type { Db, Executor } from '../../../db/client';
import { listDepartments, listDistricts } from '../../../db/queries/districts';
import type { Scope } from '../../../db/scope';
import type { Period } from '../../../oversight/types';
import { defaultWeek, loadFlags, type FlagFilter } from '../../weeks/oversight.server';
import { openCasesOf } from '../../cases/cases.server';

export interface FlagsPageQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  filter: FlagFilter;
}

/**
 * The flags of each week (newest first) with the same scope, department and filter, one
 * loadFlags per week; each flag carries its own period. Without weeks, the query's one period.
 */
export async function loadFlagsOfWeeks(
  db: Executor,
  q: Omit<FlagsPageQuery, 'filter'>,
  filter: FlagFilter,
  weeks: readonly Period[] | null,
) {
  if (weeks === null) return loadFlags(db, q, filter);
  const perWeek = await Promise.all(weeks.map((period) => loadFlags(db, { ...q, period }, filter)));
  return perWeek.flat();
}

export async function loadFlagsPage(
  db: Db,
  q: FlagsPageQuery & { weeks?: readonly Period[] | null },
) {
  const [flags, districts, departments, latest, cases] = await Promise.all([
    loadFlagsOfWeeks(db, q, q.filter, q.weeks ?? null),
    listDistricts(db, q.scope),
    listDepartments(db, q.scope),
    defaultWeek(db, q.scope),
    openCasesOf(db, q.scope),
  ]);
  return {
    flags,
    /** The open case each flagged unit-and-type is in, by caseKey. */
    cases,
    districts: districts.map((d) => ({ code: d.districtCode, name: d.districtName })),
    departments,
    latestWeek: latest?.label ?? null,
  };
}
