/**
 * What the weekly report accepts from a URL (/reports/2020-W34.pdf?lang=en&district=…) or the
 * command line (--week 2020-W34 --lang en …): one validation for both roads, with reasons in
 * both languages. Kept apart from report.server.ts so a refusal does not load PDFKit and
 * ECharts first.
 */
import { z } from 'zod';
import { env } from '../../db/env';
import type { Lang } from '../i18n';
import { parsePeriod } from '../../oversight/period';
import type { Period } from '../../oversight/types';
import { MAX_LAGGARDS } from './href';
import type { Bilingual } from '../../oversight/bilingual';
import { districtCodeSchema } from '../../oversight/district-code';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: Bilingual };

/** The week of /reports/2020-W34.pdf or --week 2020-W34: an ISO week, nothing else. */
export function parseReportWeek(text: string): Parsed<Period> {
  const parsed = parsePeriod(text);
  if (!parsed.ok) return parsed;
  if (parsed.period.kind !== 'week') {
    return {
      ok: false,
      reason: {
        zh: `周报按 ISO 周生成，例如 2020-W34，而不是“${text}”`,
        en: `the weekly report is made for an ISO week such as 2020-W34, not "${text}"`,
      },
    };
  }
  return { ok: true, value: parsed.period };
}

export interface ReportOptions {
  lang: Lang | null;
  districtCode: string | null;
  department: string | null;
  laggards: number;
}

const blank = (v: string | null) => (v === null || v.trim() === '' ? undefined : v.trim());

const optionsSchema = z.object({
  lang: z.enum(['zh', 'en']).optional(),
  district: districtCodeSchema.optional(),
  department: z.string().max(50).optional(),
  laggards: z.coerce.number().int().min(0).max(MAX_LAGGARDS).optional(),
});

const OPTION_REASONS: Record<string, Bilingual> = {
  lang: { zh: '语言应为 zh 或 en', en: 'lang must be zh or en' },
  district: {
    zh: '区划代码应为 6、9 或 12 位数字',
    en: 'district must be a code of 6, 9 or 12 digits',
  },
  department: { zh: '业务条线名称过长', en: 'department name too long' },
  laggards: {
    zh: `重点关注区县数应为 0 到 ${MAX_LAGGARDS} 的整数`,
    en: `laggards must be a whole number from 0 to ${MAX_LAGGARDS}`,
  },
};

/** lang, district, department and laggards, as the route's query and the CLI's flags give them. */
export function parseReportOptions(params: URLSearchParams): Parsed<ReportOptions> {
  const parsed = optionsSchema.safeParse({
    lang: blank(params.get('lang')),
    district: blank(params.get('district')),
    department: blank(params.get('department')),
    laggards: blank(params.get('laggards')),
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    return {
      ok: false,
      reason: OPTION_REASONS[field] ?? { zh: `参数 ${field} 无效`, en: `invalid ${field}` },
    };
  }
  const o = parsed.data;
  return {
    ok: true,
    value: {
      lang: o.lang ?? null,
      districtCode: o.district ?? null,
      department: o.department ?? null,
      laggards: o.laggards ?? env().REPORT_LAGGARDS,
    },
  };
}
