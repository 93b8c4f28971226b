/**
 * Query-string parameters shared by pages, the JSON API and the PDF route, validated once.
 * A malformed value is a 400 with a message in both languages, never a 500.
 */
import { z } from 'zod';
import type { Executor } from '../../db/client';
import type { Scope } from '../../db/scope';
import { daysBetween, parsePeriod, previousPeriod } from '../../oversight/period';
import { FLAG_TYPES, type Period } from '../../oversight/types';
import { defaultWeek } from '../weeks/oversight.server';
import { LEAGUE_SORTS, type LeagueSort, type SortDirection } from '../../oversight/league';
import { districtCodeSchema, isDistrictCode } from '../../oversight/district-code';

export function badRequest(zh: string, en: string): Response {
  return Response.json({ error: { zh, en } }, { status: 400 });
}

const flagFilterSchema = z.object({
  type: z.enum(FLAG_TYPES).optional(),
  severity: z.enum(['high', 'medium', 'low']).optional(),
  district: districtCodeSchema.optional(),
});

const optional = (v: string | null) => (v === null || v.trim() === '' ? undefined : v.trim());

/**
 * The period (`week`, or `period` for months and ranges; default: the latest complete week
 * with data) and department. `period` is null when nothing has been loaded yet.
 */
export async function readPeriodParams(
  url: URL,
  db: Executor,
  scope: Scope,
): Promise<{ period: Period | null; department: string | null }> {
  const raw = optional(url.searchParams.get('period')) ?? optional(url.searchParams.get('week'));
  const department = optional(url.searchParams.get('department')) ?? null;
  if (department !== null && department.length > 50) {
    throw badRequest('业务条线名称过长', 'department name too long');
  }
  if (raw === undefined) return { period: await defaultWeek(db, scope), department };
  const parsed = parsePeriod(raw);
  if (!parsed.ok) throw badRequest(parsed.reason.zh, parsed.reason.en);
  return { period: parsed.period, department };
}

/** The most weeks a flags week range may cover, so a request stays bounded. */
export const MAX_RANGE_WEEKS = 26;

/**
 * The flags page's optional week range `from=2020-W30&to=2020-W36`: both ISO weeks, from ≤ to,
 * at most MAX_RANGE_WEEKS weeks. Null when neither is given; the weeks of the range newest first
 * otherwise. Only one of the two, a malformed week or a range too long is a 400.
 */
export function readWeekRange(
  url: URL,
): { from: Period; to: Period; weeks: Period[]; label: string } | null {
  const fromText = optional(url.searchParams.get('from'));
  const toText = optional(url.searchParams.get('to'));
  if (fromText === undefined && toText === undefined) return null;
  if (fromText === undefined || toText === undefined) {
    throw badRequest(
      '周次区间需同时填写起始周（from）和结束周（to），例如 from=2020-W30&to=2020-W36',
      'a week range needs both from and to, e.g. from=2020-W30&to=2020-W36',
    );
  }
  const ends: Period[] = [];
  for (const [name, text] of [
    ['from', fromText],
    ['to', toText],
  ] as const) {
    const parsed = parsePeriod(text);
    if (!parsed.ok)
      throw badRequest(`${name}：${parsed.reason.zh}`, `${name}: ${parsed.reason.en}`);
    if (parsed.period.kind !== 'week') {
      throw badRequest(
        `${name} 应为 ISO 周，例如 2020-W34，而不是“${text}”`,
        `${name} must be an ISO week such as 2020-W34, not "${text}"`,
      );
    }
    ends.push(parsed.period);
  }
  const [from, to] = ends as [Period, Period];
  const count = daysBetween(from.start, to.start) / 7 + 1;
  if (count < 1) {
    throw badRequest(
      `起始周 ${from.label} 晚于结束周 ${to.label}`,
      `the range starts (${from.label}) after it ends (${to.label})`,
    );
  }
  if (count > MAX_RANGE_WEEKS) {
    throw badRequest(
      `周次区间最长 ${MAX_RANGE_WEEKS} 周，${from.label} 至 ${to.label} 共 ${count} 周`,
      `a week range may cover at most ${MAX_RANGE_WEEKS} weeks; ${from.label} to ${to.label} covers ${count}`,
    );
  }
  const weeks: Period[] = [to];
  while (weeks.length < count) weeks.push(previousPeriod(weeks[weeks.length - 1]!));
  return { from, to, weeks, label: `${from.label}..${to.label}` };
}

export function readFlagFilter(url: URL) {
  const parsed = flagFilterSchema.safeParse({
    type: optional(url.searchParams.get('type')),
    severity: optional(url.searchParams.get('severity')),
    district: optional(url.searchParams.get('district')),
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    throw badRequest(`筛选条件无效：${field}`, `invalid filter: ${field}`);
  }
  const { type, severity, district } = parsed.data;
  return { type, severity, districtCode: district };
}

export function notFound(zh: string, en: string): Response {
  return Response.json({ error: { zh, en } }, { status: 404 });
}

/** The :code of /districts/:code; a malformed code is a 400, not a search for nothing. */
export function readDistrictCode(code: string | undefined): string {
  if (code === undefined || !isDistrictCode(code)) {
    throw badRequest(
      `区划代码“${code ?? ''}”无效：应为 6、9 或 12 位数字`,
      `"${code ?? ''}" is not a district code: 6, 9 or 12 digits`,
    );
  }
  return code;
}

const sortSchema = z.object({
  sort: z.enum(LEAGUE_SORTS).default('rank'),
  dir: z.enum(['asc', 'desc']).default('asc'),
});

/** ?sort=ticket_utilization&dir=desc; default by rank, best first. */
export function readSort(url: URL): { sort: LeagueSort; dir: SortDirection } {
  const parsed = sortSchema.safeParse({
    sort: optional(url.searchParams.get('sort')),
    dir: optional(url.searchParams.get('dir')),
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? '';
    throw badRequest(`排序条件无效：${field}`, `invalid sort: ${field}`);
  }
  return parsed.data;
}
