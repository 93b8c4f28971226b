/**
 * One case's page: the case with its history and files, the flags as they stood when it was
 * opened beside what the latest week of data says, and the weeks since the response that
 * verification reads.
 */
import type { Db } from '../../../db/client';
import { CITY_SCOPE } from '../../../db/scope';
import { env } from '../../../db/env';
import { loadCase, type CaseActorInfo } from '../../cases/cases.server';
import { MAX_FILES } from '../../cases/case-files.server';
import { defaultWeek, loadFlags } from '../../weeks/oversight.server';

export async function loadCasePage(db: Db, actor: CaseActorInfo, caseId: number) {
  const detail = await loadCase(db, actor, caseId);
  if (!detail) return null;
  const c = detail.case;
  const latest = await defaultWeek(db, CITY_SCOPE);
  const current = latest
    ? await loadFlags(
        db,
        { scope: actor.scope, period: latest, department: c.department },
        { districtCode: c.districtCode },
      )
    : [];
  const ofCase = current.filter((f) => c.flagTypes.includes(f.type));
  return {
    ...detail,
    today: latest
      ? {
          week: latest.label,
          present: ofCase.map((f) => f.type as string),
          /** The same flags in the latest week, with today's numbers as their evidence. */
          flags: ofCase,
        }
      : null,
    limits: { mb: env().CASE_FILE_MAX_MB, n: MAX_FILES },
  };
}
