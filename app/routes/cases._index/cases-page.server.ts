/**
 * The cases ledger: the viewer's cases filtered as asked, the counts the cards show (of all
 * the viewer's cases, whatever the filter), and what the filters can choose from. For a
 * district officer it is their inbox: the same list, scoped to their districts.
 */
import { listDepartments, listDistricts } from '../../../db/queries/districts';
import type { Db } from '../../../db/client';
import { badRequest } from '../../http/params.server';
import { loadCaseList, type CaseActorInfo } from '../../cases/cases.server';
import { caseListInput, inputProblem, type CaseListInput } from '../../cases/input';

/** The list's query string; an empty select ("all") is no filter. */
export function readCaseListQuery(url: URL): CaseListInput {
  const given = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ''));
  const query = caseListInput.safeParse(given);
  if (!query.success) {
    const problem = inputProblem(query.error);
    throw badRequest(problem.zh, problem.en);
  }
  return query.data;
}

export async function loadCasesPage(db: Db, actor: CaseActorInfo, query: CaseListInput) {
  const { district, open, ...rest } = query;
  const [cases, all, districts, departments] = await Promise.all([
    loadCaseList(db, actor, { ...rest, districtCode: district, open: open === '1' }),
    loadCaseList(db, actor, {}),
    listDistricts(db, actor.scope),
    listDepartments(db, actor.scope),
  ]);
  return {
    inbox: actor.role === 'district_officer',
    cases,
    filter: query,
    counts: {
      open: all.filter((c) => c.state !== 'closed').length,
      red: all.filter((c) => c.warning === 'red').length,
      yellow: all.filter((c) => c.warning === 'yellow').length,
      closed: all.filter((c) => c.state === 'closed').length,
    },
    districts: districts.map((d) => ({ code: d.districtCode, name: d.districtName })),
    departments,
  };
}
