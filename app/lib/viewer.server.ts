import { CITY_SCOPE, type Scope } from '../../db/scope';

/**
 * Whose eyes a request is for. Until sign-in exists every viewer sees the whole city; the
 * access-control work replaces this one function, and every query already takes its result.
 */
export async function viewerScope(_request: Request): Promise<Scope> {
  return CITY_SCOPE;
}
