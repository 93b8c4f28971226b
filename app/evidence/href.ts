/** Links to the evidence package (app/evidence/package.server.ts), for pages and the server. */

export interface PackageSubject {
  /** The period's label: an ISO week (2020-W34), a month or a date range. */
  period: string;
  districtCode: string;
  /** One flag's type and unit department; absent for all of the district's flags. */
  type?: string;
  department?: string | null;
}

/** /flags/evidence.pdf?period=2020-W34&district=230102[&type=…][&department=…] */
export function evidenceHref(format: 'pdf' | 'xlsx', subject: PackageSubject): string {
  const params = new URLSearchParams({ period: subject.period, district: subject.districtCode });
  if (subject.type) params.set('type', subject.type);
  if (subject.department) params.set('department', subject.department);
  return `/flags/evidence.${format}?${params.toString()}`;
}
