/**
 * The evidence package a commission member takes away: one district's flags of a period (or one
 * of them), each with its rule in one sentence, its numbers, its rows (days, powers), and the
 * files the numbers came from with their SHA-256 and load time; the period and the data cut-off
 * on the cover. As a PDF (app/evidence/document.ts, laid out by the weekly report's
 * app/reports/pdf.ts) and as a workbook (app/evidence/workbook.server.ts).
 *
 * Its roads are guarded exactly as the flags CSV is (readFlagsRequest: the export permission,
 * a district outside the viewer's scope refused) and every download is audited.
 */
import type { Executor } from '../../db/client';
import { getCityName, getReportDataStamp } from '../../db/queries/reports';
import { narrowScope, type Scope } from '../../db/scope';
import type { FlagType, Period } from '../../oversight/types';
import { auditEvent } from '../auth/audit.server';
import { db } from '../db.server';
import { contentDisposition } from '../flags/csv.server';
import { readFlagsRequest } from '../flags/request.server';
import { readLang } from '../http/lang.server';
import { badRequest, notFound } from '../http/params.server';
import { formatters, translator, type Lang } from '../i18n';
import { reportFonts } from '../reports/fonts.server';
import { renderReportPdf } from '../reports/pdf';
import { loadFlags, type FlagFilter, type FlagWithSources } from '../weeks/oversight.server';
import { buildEvidenceDocument } from './document';
import { renderEvidenceWorkbook } from './workbook.server';

export interface EvidencePackage {
  lang: Lang;
  /** The city's name from the district registry: 哈尔滨市. */
  cityName: string;
  district: { code: string; name: string };
  period: Period;
  /** null: every department. */
  department: string | null;
  /** The one flag type asked for, or null for all of the district's. */
  type: FlagType | null;
  flags: readonly FlagWithSources[];
  /** The district's last day with window data on or before the period's end (数据截至). */
  lastDataDate: string | null;
  /** When the last load batch with the district's rows was committed, UTC. */
  lastLoadedAt: string | null;
}

export interface PackageQuery {
  scope: Scope;
  period: Period;
  department: string | null;
  filter: FlagFilter & { districtCode: string };
  lang: Lang;
}

/**
 * The package, or null when no flag matches. The cut-off is the weekly report's for a district
 * (getReportDataStamp within the district), so a package and the district's report agree.
 */
export async function loadEvidencePackage(
  db: Executor,
  q: PackageQuery,
): Promise<EvidencePackage | null> {
  const districtScope = narrowScope(q.scope, [q.filter.districtCode]);
  const [flags, stamp, cityName] = await Promise.all([
    loadFlags(db, { scope: q.scope, period: q.period, department: q.department }, q.filter),
    getReportDataStamp(db, districtScope, q.period.end),
    getCityName(db),
  ]);
  const first = flags[0];
  if (!first) return null;
  return {
    lang: q.lang,
    cityName: cityName ?? '',
    district: { code: first.districtCode, name: first.districtName },
    period: q.period,
    department: q.department,
    type: q.filter.type ?? null,
    flags,
    lastDataDate: stamp.lastDataDate,
    lastLoadedAt: stamp.lastLoadedAt,
  };
}

/**
 * 预警证据包_2020-W34_230102[_限号][_医保].pdf; in ASCII evidence_2020-W34_230102[_ticket_throttling].pdf
 * (a department's name is dropped there).
 */
export function evidenceFileName(
  lang: Lang,
  pkg: Pick<EvidencePackage, 'period' | 'district' | 'type' | 'department'>,
  format: PackageFormat,
  ascii = false,
): string {
  const f = formatters(ascii ? 'en' : lang);
  const type = pkg.type && (ascii ? pkg.type : f.t(`flagType.${pkg.type}`));
  const parts = [
    f.t('package.filePrefix'),
    pkg.period.label.replace(/[^0-9A-Za-z-]+/g, '_'),
    pkg.district.code,
    type,
    ascii ? null : pkg.department,
  ];
  return `${parts.filter((p) => p !== null && p !== '').join('_')}.${format}`;
}

export type PackageFormat = 'pdf' | 'xlsx';

const MEDIA_TYPES: Record<PackageFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The package's bytes in a format. */
export async function renderEvidencePackage(
  pkg: EvidencePackage,
  format: PackageFormat,
): Promise<Uint8Array<ArrayBuffer>> {
  if (format === 'xlsx') return renderEvidenceWorkbook(pkg);
  const rendered = await renderReportPdf(buildEvidenceDocument(pkg), await reportFonts());
  return rendered.bytes;
}

/** The district a scope of one district is limited to: a district officer's own, unasked. */
function soleDistrict(scope: Scope): string | null {
  return scope.kind === 'districts' && scope.districtCodes.length === 1
    ? (scope.districtCodes[0] ?? null)
    : null;
}

const refusal = (make: typeof badRequest, key: 'package.districtRequired' | 'package.none') =>
  make(translator('zh')(key), translator('en')(key));

/**
 * GET /flags/evidence.pdf|.xlsx?week=2020-W34&district=230102[&type=…][&department=…][&lang=en]
 * — the flags CSV's guard and filters, for one district (a district officer's own when they
 * have one); a 400 without a district, a 404 when no flag matches. Audited as export_evidence.
 */
export async function evidencePackageResponse(
  request: Request,
  format: PackageFormat,
): Promise<Response> {
  const { viewer, url, period, department, filter } = await readFlagsRequest(request, 'export');
  const asked = url.searchParams.get('lang');
  const lang = asked === 'en' || asked === 'zh' ? asked : await readLang(request);
  const districtCode = filter.districtCode ?? soleDistrict(viewer.scope);
  if (!districtCode) throw refusal(badRequest, 'package.districtRequired');
  const pkg = period
    ? await loadEvidencePackage(db(), {
        scope: viewer.scope,
        period,
        department,
        filter: { ...filter, districtCode },
        lang,
      })
    : null;
  if (!pkg) throw refusal(notFound, 'package.none');
  const bytes = await renderEvidencePackage(pkg, format);
  const name = evidenceFileName(lang, pkg, format);
  await auditEvent(db(), request, viewer, 'export_evidence', {
    target: name,
    detail: {
      query: url.search,
      format,
      week: pkg.period.label,
      district: districtCode,
      type: pkg.type,
      department,
      flags: pkg.flags.length,
    },
  });
  return new Response(bytes, {
    headers: {
      'Content-Type': MEDIA_TYPES[format],
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': contentDisposition(name, evidenceFileName(lang, pkg, format, true)),
      'Cache-Control': 'no-store',
    },
  });
}
