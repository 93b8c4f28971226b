import type { Period } from '../../oversight/types';

/** "?week=2020-W34&department=医保": the same period and department on another page. */
export function periodQuery(
  period: Pick<Period, 'kind' | 'label'>,
  department: string | null,
  extra: Record<string, string | null | undefined> = {},
): string {
  const params = new URLSearchParams();
  params.set(period.kind === 'week' ? 'week' : 'period', period.label);
  if (department) params.set('department', department);
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  return `?${params.toString()}`;
}
