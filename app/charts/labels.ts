/**
 * Every chart's labels in the reader's language, built in one place for the dashboard and the
 * weekly PDF, so the paper's axes, legends and subtitles say exactly what the screen's do.
 * (They were built twice, in the district page and the report, and had drifted: the report's
 * online subtitle named the district, the page's did not.)
 */
import type { Formatters } from '../i18n';
import type { MetricName } from '../../oversight/types';
import type { CalendarLabels } from './calendar';
import type { ComplaintsLabels } from './complaints';
import type { HeatGridLabels } from './heat-grid';
import type { LeagueLabels } from './league';
import type { OnlineLabels } from './online';
import type { TicketsLabels } from './tickets';
import type { TimelineLabels } from './timeline';

type LabelFormatters = Pick<Formatters, 't' | 'tf'>;

/** The complaint categories in the order the complaints chart stacks them. */
export const COMPLAINT_CATEGORIES = [
  'appointment',
  'queue',
  'phone',
  'intermediary',
  'attitude',
  'online',
  'other',
] as const;

/** The supervision action types in the order the timeline lists them. */
export const ACTION_TYPES = [
  'training',
  'guidance',
  'inspection',
  'evaluation',
  'rectification',
] as const;

/** Daily tickets of the recent weeks; the description counts the throttled days. */
export function ticketsLabels(
  f: LabelFormatters,
  o: { district: string; from: string; to: string; throttledDays: number },
): TicketsLabels {
  return {
    title: f.t('tickets.title'),
    subtitle: `${o.district} · ${f.t('district.recent')}`,
    description: f.tf('tickets.description', {
      district: o.district,
      from: o.from,
      to: o.to,
      n: o.throttledDays,
    }),
    dateAxis: f.t('tickets.dateAxis'),
    countAxis: f.t('tickets.countAxis'),
    issued: f.t('tickets.issued'),
    capacity: f.t('tickets.capacity'),
    visitors: f.t('tickets.visitors'),
    throttled: f.t('tickets.throttled'),
    outOfQueue: f.t('tickets.outOfQueue'),
    yes: f.t('common.yes'),
    no: f.t('common.no'),
  };
}

/** The online rollout; the subtitle says when the target is reached at this pace, if ever. */
export function onlineLabels(
  f: LabelFormatters,
  o: { district: string; forecast: { reachedBy: string | null } | null },
): OnlineLabels {
  const when = !o.forecast
    ? f.t('district.longer')
    : o.forecast.reachedBy
      ? f.tf('online.forecastBy', { date: o.forecast.reachedBy })
      : f.t('online.forecastNever');
  return {
    title: f.t('online.title'),
    subtitle: `${o.district} · ${when}`,
    dateAxis: f.t('online.dateAxis'),
    rateAxis: f.t('online.rateAxis'),
    rate: f.t('online.rate'),
    target: f.t('common.target'),
    forecast: f.t('online.forecast'),
    itemsOnline: f.t('online.itemsOnline'),
    eligible: f.t('online.eligible'),
  };
}

/** Complaints per week by category, with the resolution rate. */
export function complaintsLabels(f: LabelFormatters, subtitle: string): ComplaintsLabels {
  return {
    title: f.t('complaints.title'),
    subtitle,
    weekAxis: f.t('complaints.weekAxis'),
    countAxis: f.t('complaints.countAxis'),
    rateAxis: f.t('complaints.rateAxis'),
    resolutionRate: f.t('complaints.resolutionRate'),
    categories: Object.fromEntries(COMPLAINT_CATEGORIES.map((c) => [c, f.t(`category.${c}`)])),
    complaints: f.t('complaints.complaints'),
    closed: f.t('complaints.closed'),
    resolved: f.t('complaints.resolved'),
  };
}

/** Delegations and the supervision that followed (or did not). */
export function timelineLabels(f: LabelFormatters, district: string): TimelineLabels {
  return {
    title: f.t('timeline.title'),
    subtitle: `${district} · ${f.t('district.longer')}`,
    dateAxis: f.t('timeline.dateAxis'),
    rowAxis: f.t('timeline.rowAxis'),
    row: f.t('timeline.row'),
    delegation: f.t('timeline.delegation'),
    gapWithinGrace: f.t('timeline.gapWithinGrace'),
    gapBeyondGrace: f.t('timeline.gapBeyondGrace'),
    days: f.t('timeline.days'),
    actionTypes: Object.fromEntries(ACTION_TYPES.map((a) => [a, f.t(`action.${a}`)])),
    event: f.t('timeline.event'),
    department: f.t('timeline.department'),
    unit: f.t('timeline.unit'),
    powers: f.t('timeline.powers'),
    gap: f.t('timeline.gap'),
  };
}

/** Ticket utilisation day by day over the longer window. */
export function calendarLabels(f: LabelFormatters, district: string): CalendarLabels {
  return {
    title: f.t('calendar.title'),
    subtitle: `${district} · ${f.t('district.longer')}`,
    utilization: f.t('calendar.utilization'),
    date: f.t('calendar.date'),
    issued: f.t('calendar.issued'),
    capacity: f.t('calendar.capacity'),
    holiday: f.t('calendar.holiday'),
    workday: f.t('calendar.workday'),
  };
}

/** A bar per district for one metric, against its target. */
export function leagueLabels(
  f: LabelFormatters,
  o: { title: string; metric: MetricName; valueAxis: string },
): LeagueLabels {
  return {
    title: o.title,
    valueAxis: o.valueAxis,
    districtAxis: f.t('league.district'),
    value: f.t(`metric.${o.metric}`),
    target: f.t('common.target'),
  };
}

/** Every district's overall status per week; `statusMark` is the glyph beside each status. */
export function heatGridLabels(
  f: LabelFormatters,
  statusMark: HeatGridLabels['statusMark'],
): HeatGridLabels {
  return {
    title: f.t('heat.heading'),
    weekAxis: f.t('heat.weekAxis'),
    districtAxis: f.t('heat.districtAxis'),
    series: f.t('heat.series'),
    status: {
      met: f.t('status.met'),
      near: f.t('status.near'),
      missed: f.t('status.missed'),
      no_data: f.t('status.no_data'),
    },
    statusMark,
  };
}
