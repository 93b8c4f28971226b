/**
 * The flags page: the period's flags filtered as asked, each with its evidence and source
 * files, and what the filters can choose from.
 */
import type { Executor } from '../../db/client';
import { listDepartments, listDistricts } from '../../db/queries/districts';
import type { Scope } from '../../db/scope';
import type { Period } from '../oversight/types';
import { defaultWeek, loadFlags, type FlagFilter } from './oversight.server';

export interface FlagsPageQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  filter: FlagFilter;
}

export async function loadFlagsPage(db: Executor, q: FlagsPageQuery) {
  const [flags, districts, departments, latest] = await Promise.all([
    loadFlags(db, q, q.filter),
    listDistricts(db, q.scope),
    listDepartments(db, q.scope),
    defaultWeek(db, q.scope),
  ]);
  return {
    flags,
    districts: districts.map((d) => ({ code: d.districtCode, name: d.districtName })),
    departments,
    latestWeek: latest?.label ?? null,
  };
}
