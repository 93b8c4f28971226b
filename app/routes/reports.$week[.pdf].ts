import type { LoaderFunctionArgs } from '@remix-run/node';
import { db } from '~/db.server';
import { contentDisposition } from '~/flags/csv.server';
import { readLang } from '~/http/lang.server';
import { parseReportOptions, parseReportWeek } from '~/reports/options.server';
import { districtNotFound, generateReport, reportRefusal } from '~/reports/report.server';
import { readArchivedReport } from '~/reports/schedule.server';
import { auditEvent } from '~/auth/audit.server';
import { requireDistrictInScope, viewerFor } from '~/auth/route-viewer.server';

/**
 * GET /reports/2020-W34.pdf[?lang=en][&district=230102][&department=医保][&laggards=3]
 * — the weekly report generated now, within the viewer's scope (a district officer's report
 * is their district's own); with &archived=1 the copy the schedule archived. A malformed week
 * or option is a 400 in the reader's language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // A report is an export: it leaves the dashboard on paper.
  const viewer = await viewerFor(request, 'export');
  const url = new URL(request.url);
  const asked = url.searchParams.get('lang');
  const lang = asked === 'en' || asked === 'zh' ? asked : await readLang(request);
  const week = parseReportWeek(params.week ?? '');
  if (!week.ok) throw reportRefusal(400, week.reason, lang);
  const options = parseReportOptions(url.searchParams);
  if (!options.ok) throw reportRefusal(400, options.reason, lang);
  requireDistrictInScope(viewer, options.value.districtCode);
  const wanted = { scope: viewer.scope, period: week.value, ...options.value, lang };

  const archived = url.searchParams.get('archived') === '1';
  const report = archived
    ? await readArchivedReport(db(), wanted)
    : await generateReport(db(), wanted);
  if (!report) {
    throw reportRefusal(
      404,
      options.value.districtCode
        ? districtNotFound(options.value.districtCode)
        : {
            zh: `${week.value.label} 的周报没有存档`,
            en: `no report for ${week.value.label} is archived`,
          },
      lang,
    );
  }
  // Every report that leaves, generated or from the archive, is on the record.
  await auditEvent(db(), request, viewer, 'export_pdf', {
    target: report.fileName,
    detail: {
      week: week.value.label,
      lang,
      archived,
      district: options.value.districtCode,
      department: options.value.department,
    },
  });
  return new Response(report.bytes, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(report.bytes.byteLength),
      'Content-Disposition': contentDisposition(report.fileName, report.asciiFileName),
      'Cache-Control': 'no-store',
    },
  });
}
