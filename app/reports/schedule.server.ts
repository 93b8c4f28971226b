/**
 * The weekly report on schedule: at REPORT_SCHEDULE (Monday 07:00 on the readers' clock,
 * REPORT_TIMEZONE, by default) the server generates last week's city-wide report into
 * REPORT_DIR and records it in the reports table; /reports lists that archive for download.
 *
 * A server that was down at the scheduled time catches up when it starts: if the latest slot
 * has passed and its report is not archived, it is generated then. Generating is deterministic,
 * so a catch-up, a rerun or a second server writes the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../../db/client';
import { recordAudit } from '../../db/queries/audit';
import { env, type Env } from '../../db/env';
import {
  getReport,
  getReportDataStamp,
  recordReport,
  type ReportRecord,
} from '../../db/queries/reports';
import { CITY_SCOPE } from '../../db/scope';
import type { Lang } from '../i18n';
import { addDays, isoWeekday, isoWeekOf, weekPeriod } from '../../oversight/period';
import type { Period } from '../../oversight/types';
import {
  generateReport,
  reportAsciiFileName,
  reportFileName,
  type ReportRequest,
} from './report.server';

/** A weekday (1 = Monday … 7 = Sunday) and a time of day. */
export interface WeeklyTime {
  weekday: number;
  hour: number;
  minute: number;
}

const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** "MON 07:00" → Monday 07:00; "off" → null. (db/env.ts has already checked the form.) */
export function parseReportSchedule(text: string): WeeklyTime | null {
  const m = /^(MON|TUE|WED|THU|FRI|SAT|SUN) (\d{2}):(\d{2})$/i.exec(text.trim());
  if (!m) return null;
  return {
    weekday: WEEKDAYS.indexOf(m[1]!.toUpperCase()) + 1,
    hour: Number(m[2]),
    minute: Number(m[3]),
  };
}

/** The calendar day and time an instant shows on a clock in `timeZone`. */
export function zonedTime(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The instant a clock in `timeZone` shows `date` `hour`:`minute`. */
function instantAt(date: string, hour: number, minute: number, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hour, minute);
  // The zone's offset at a first guess, then at the answer (they differ across a DST change).
  const offsetAt = (t: number) => {
    const z = zonedTime(new Date(t), timeZone);
    const [zy, zmo, zd] = z.date.split('-').map(Number) as [number, number, number];
    return Date.UTC(zy, zmo - 1, zd, z.hour, z.minute, z.second) - t;
  };
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess));
}

/** The first scheduled time strictly after `after`. */
export function nextRunAt(after: Date, when: WeeklyTime, timeZone: string): Date {
  const today = zonedTime(after, timeZone).date;
  const ahead = (when.weekday - isoWeekday(today) + 7) % 7;
  const candidate = instantAt(addDays(today, ahead), when.hour, when.minute, timeZone);
  return candidate.getTime() > after.getTime()
    ? candidate
    : instantAt(addDays(today, ahead + 7), when.hour, when.minute, timeZone);
}

/** "Last week" at an instant: the ISO week before the one its local day falls in. */
export function weekBefore(instant: Date, timeZone: string): Period {
  return weekPeriod(isoWeekOf(addDays(zonedTime(instant, timeZone).date, -7)));
}

/** The city-wide report's name in the archive folder: ASCII, one per week and language. */
const archiveFileName = (week: string, lang: Lang) => `${week}_${lang}.pdf`;

export interface ArchiveRequest {
  dir: string;
  period: Period;
  lang: Lang;
  laggards: number;
  generatedBy: 'schedule';
}

/** Generates the city-wide report, writes it whole into the archive and records it. */
export async function archiveReport(
  db: Executor,
  a: ArchiveRequest,
): Promise<Omit<ReportRecord, 'generatedAt'>> {
  const report = await generateReport(db, {
    scope: CITY_SCOPE,
    period: a.period,
    department: null,
    lang: a.lang,
    districtCode: null,
    laggards: a.laggards,
  });
  // A city-wide report always exists (null is only for an unknown district).
  if (!report) throw new Error(`no report for ${a.period.label}`);
  const fileName = archiveFileName(a.period.label, a.lang);
  mkdirSync(a.dir, { recursive: true });
  const partial = join(a.dir, `.${fileName}.${process.pid}.part`);
  try {
    writeFileSync(partial, report.bytes);
    renameSync(partial, join(a.dir, fileName));
  } finally {
    rmSync(partial, { force: true });
  }
  const record = {
    week: a.period.label,
    lang: a.lang,
    districtCode: '',
    department: '',
    fileName,
    sha256: createHash('sha256').update(report.bytes).digest('hex'),
    bytes: report.bytes.byteLength,
    pages: report.pages,
    dataCutoff: report.dataCutoff,
    generatedBy: a.generatedBy,
  };
  await recordReport(db, record);
  // Archived for download: on the audit record like any report that is handed out.
  await recordAudit(db, {
    actor: a.generatedBy,
    actorRole: null,
    ip: null,
    action: 'export_pdf',
    target: fileName,
    detail: { week: a.period.label, lang: a.lang, sha256: record.sha256 },
  });
  return record;
}

/**
 * An archived report's bytes, as the schedule wrote them, or null when it is not archived,
 * outside the viewer's scope, or its file has gone from the folder.
 */
export async function readArchivedReport(
  db: Executor,
  req: Omit<ReportRequest, 'laggards'>,
  dir = env().REPORT_DIR,
) {
  const record = await getReport(db, req.scope, {
    week: req.period.label,
    lang: req.lang,
    districtCode: req.districtCode ?? '',
    department: req.department ?? '',
  });
  if (!record) return null;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = readFileSync(join(dir, record.fileName));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const districtCode = req.districtCode;
  return {
    bytes,
    fileName: reportFileName(req.lang, req.period.label, districtCode, req.department),
    asciiFileName: reportAsciiFileName(req.period.label, districtCode),
  };
}

export interface ScheduleOptions {
  dir: string;
  when: WeeklyTime;
  timeZone: string;
  laggards: number;
  lang?: Lang;
  /** The clock; tests pass their own. */
  now?: () => Date;
}

/** Runs archiveReport at every scheduled time while the server runs. */
export class ReportSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Executor,
    private readonly options: ScheduleOptions,
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** Catches up on a missed slot, then waits for the next one. */
  start(): void {
    const { when, timeZone } = this.options;
    const last = new Date(nextRunAt(this.now(), when, timeZone).getTime() - WEEK_MS);
    this.running = this.catchUp(weekBefore(last, timeZone)).finally(() => {
      this.running = null;
      this.arm();
    });
  }

  /** Stops waiting; resolves when a report being written is finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** The next slot's time (for the log and the tests). */
  nextRun(): Date {
    return nextRunAt(this.now(), this.options.when, this.options.timeZone);
  }

  private arm() {
    if (this.stopped) return;
    const delay = Math.max(0, this.nextRun().getTime() - this.now().getTime());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run(weekBefore(this.now(), this.options.timeZone))
        .then(() => undefined)
        .finally(() => {
          this.running = null;
          this.arm();
        });
    }, delay);
    // A pending report is no reason to keep the process alive.
    this.timer.unref();
  }

  /**
   * The missed slot's report, if it is not archived and its week has data: a server started
   * long after the data ended (a demo, a test) does not archive "no data" reports at start.
   * At its slot the report is written whatever the data — "nothing came in" is news then.
   */
  private async catchUp(period: Period): Promise<void> {
    try {
      const [existing, stamp] = await Promise.all([
        getReport(this.db, CITY_SCOPE, {
          week: period.label,
          lang: this.options.lang ?? 'zh',
          districtCode: '',
          department: '',
        }),
        getReportDataStamp(this.db, CITY_SCOPE, period.end),
      ]);
      const hasData = stamp.lastDataDate !== null && stamp.lastDataDate >= period.start;
      if (!existing && hasData) await this.run(period);
    } catch (e) {
      console.error(`weekly report: catching up on ${period.label} failed`, e);
    }
  }

  /** Generates one week's report; a failure is logged and the schedule carries on. */
  async run(period: Period): Promise<Omit<ReportRecord, 'generatedAt'> | null> {
    try {
      const record = await archiveReport(this.db, {
        dir: this.options.dir,
        period,
        lang: this.options.lang ?? 'zh',
        laggards: this.options.laggards,
        generatedBy: 'schedule',
      });
      console.log(
        `周报已生成 / weekly report archived: ${join(this.options.dir, record.fileName)} (${record.pages} 页 / pages)`,
      );
      return record;
    } catch (e) {
      console.error(`weekly report for ${period.label} failed`, e);
      return null;
    }
  }
}

/** The server's schedule from its configuration, started; null when REPORT_SCHEDULE is off. */
export function startReportSchedule(db: Executor, config: Env): ReportSchedule | null {
  const when = parseReportSchedule(config.REPORT_SCHEDULE);
  if (!when) return null;
  const schedule = new ReportSchedule(db, {
    dir: config.REPORT_DIR,
    when,
    timeZone: config.REPORT_TIMEZONE,
    laggards: config.REPORT_LAGGARDS,
  });
  schedule.start();
  return schedule;
}
