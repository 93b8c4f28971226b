/**
 * npm run bench:report — the weekly PDF report's speed targets on the demo city, in one process.
 *
 * 1. The demo city (18 districts and the city's own units, May–December 2020) generated and
 *    loaded through the ETL into an in-memory DuckDB — not timed.
 * 2. First report: 2020-W34 (the planted failures; every section, 3 laggard pages) in a process
 *    that has not yet loaded the fonts or run ECharts — what the first request after a server
 *    start, or `npm run report`, pays.
 * 3. Warm reports: BENCH_RUNS (default 10) more, cycling 2020-W33…W37 so no run repeats the
 *    one before it; each split into fetching (loadScorecard, loadFlags, series) and laying out
 *    (document, ECharts, PDFKit), with its CPU time — on a shared 2-core machine the wall
 *    time moves with the neighbours' load, the CPU time much less. Then the layout time by
 *    number of laggard pages, and by stage: ECharts alone against the whole PDF.
 * 4. Size of the 2020-W34 PDF, and the process's peak resident memory (maxRSS) before and after.
 *
 * Targets (issue 5): first < 1.5 s, warm < 0.5 s, size < 1 MB. A measurement, not a test: exits
 * 0 when targets are missed. 1 KB = 1000 bytes.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CITY_SCOPE } from '../db/scope';
import { generateReport, loadReportData, type ReportRequest } from '../app/reports/report.server';
import { reportFonts } from '../app/reports/fonts.server';
import { weekPeriod } from '../oversight/period';
import { layOutChart } from '../app/reports/chart-pdf';
import { buildReportDocument } from '../app/reports/content';
import { renderReportPdf } from '../app/reports/pdf';
import type { ReportDocument } from '../app/reports/types';
import { writeDemoFiles } from '../etl/demo/generate';
import { collectFiles } from '../etl/files';
import { load } from '../etl/load';
import { freshDb, tempDir } from '../tests/helpers/db';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WEEKS = ['2020-W33', '2020-W34', '2020-W35', '2020-W36', '2020-W37'];
const TARGET = { firstMs: 1500, warmMs: 500, bytes: 1_000_000 };

const ms = (n: number) => `${Math.round(n)} ms`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};

console.log(`load average at start: ${loadavg()[0]?.toFixed(2)} (2 cores: above 2 means waiting)`);

// 1. The demo city
const temp = tempDir('bench-report-');
const db = await freshDb();
try {
  await writeDemoFiles(join(temp.dir, 'demo'));
  const loaded = await load(db, collectFiles([join(temp.dir, 'demo')]), {
    source: 'test',
    loadedBy: 'bench:report',
  });
  if (loaded.outcome !== 'committed') throw new Error(`demo load ${loaded.outcome}`);
} finally {
  temp.cleanup();
}
const rssBefore = process.resourceUsage().maxRSS;
const request = (week: string, laggards = 3): ReportRequest => ({
  scope: CITY_SCOPE,
  period: weekPeriod(week),
  department: null,
  lang: 'zh',
  districtCode: null,
  laggards,
});

// 2. First report: fonts, ECharts and PDFKit all cold.
let t = performance.now();
let c = process.cpuUsage();
const first = await generateReport(db, request('2020-W34'));
const firstMs = performance.now() - t;
const firstCpu = cpuMs(process.cpuUsage(c));
if (!first) throw new Error('no report');
console.log(
  `\nfirst report (2020-W34, fonts loaded in the same call): ${ms(firstMs)} (CPU ${ms(firstCpu)}), ` +
    `${first.pages} pages, ${(first.bytes.byteLength / 1000).toFixed(1)} KB`,
);

// 3. Warm reports, split into fetching and laying out.
const fonts = await reportFonts();
const runs: { week: string; total: number; fetch: number; layout: number; cpu: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const week = WEEKS[i % WEEKS.length]!;
  c = process.cpuUsage();
  t = performance.now();
  const data = await loadReportData(db, request(week));
  const fetched = performance.now();
  await renderReportPdf(buildReportDocument(data!), fonts);
  const done = performance.now();
  runs.push({
    week,
    total: done - t,
    fetch: fetched - t,
    layout: done - fetched,
    cpu: cpuMs(process.cpuUsage(c)),
  });
}
console.log(`\nwarm reports (${RUNS}):`);
for (const r of runs) {
  console.log(
    `  ${r.week}  ${ms(r.total).padStart(7)} = fetch ${ms(r.fetch).padStart(6)} + layout ${ms(r.layout).padStart(7)}   CPU ${ms(r.cpu)}`,
  );
}
const warm = median(runs.map((r) => r.total));

// How the layout time grows with the charts: each laggard page adds three.
console.log('\nby laggard pages (2020-W34, median of 3; charts = 4 + 3 per laggard):');
for (const laggards of [0, 1, 3]) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const data = await loadReportData(db, request('2020-W34', laggards));
    const start = performance.now();
    await renderReportPdf(buildReportDocument(data!), fonts);
    times.push(performance.now() - start);
  }
  console.log(`  ${laggards} laggards, ${4 + 3 * laggards} charts: layout ${ms(median(times))}`);
}
// Where the layout time goes (2020-W34, median of 3): building the document, ECharts laying
// out its charts on their own (app/reports/chart-pdf.ts), and the whole PDF, of which the rest
// is PDFKit — text, tables, drawing the charts' display lists, fonts subset and compressed.
{
  const data = (await loadReportData(db, request('2020-W34')))!;
  const charts = (doc: ReportDocument) =>
    doc.blocks.flatMap((b) => (b.kind === 'chart' ? [b] : b.kind === 'chartRow' ? b.charts : []));
  const stage = (run: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      run();
      times.push(performance.now() - start);
    }
    return median(times);
  };
  const document = buildReportDocument(data);
  const build = stage(() => buildReportDocument(data));
  const echartsMs = stage(() => {
    for (const c of charts(document)) layOutChart(c.option, c, fonts).dispose();
  });
  const pdfTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await renderReportPdf(document, fonts);
    pdfTimes.push(performance.now() - start);
  }
  const pdf = median(pdfTimes);
  console.log(
    `\nlayout of 2020-W34 by stage (median of 3): document ${ms(build)}, PDF ${ms(pdf)} ` +
      `= ECharts layout of ${charts(document).length} charts ${ms(echartsMs)} + PDFKit ${ms(pdf - echartsMs)}`,
  );
}
const rssAfter = process.resourceUsage().maxRSS;

// 4. Summary against the targets
console.log('\nsummary (median of the warm runs):');
console.log(
  `  first  ${ms(firstMs).padStart(8)}  target < ${ms(TARGET.firstMs)}: ${verdict(firstMs < TARGET.firstMs)}`,
);
console.log(
  `  warm   ${ms(warm).padStart(8)}  target < ${ms(TARGET.warmMs)}: ${verdict(warm < TARGET.warmMs)}` +
    `   (fetch ${ms(median(runs.map((r) => r.fetch)))}, layout ${ms(median(runs.map((r) => r.layout)))}, CPU ${ms(median(runs.map((r) => r.cpu)))})`,
);
console.log(
  `  size   ${`${(first.bytes.byteLength / 1000).toFixed(0)} KB`.padStart(8)}  target < 1 MB: ${verdict(first.bytes.byteLength < TARGET.bytes)}`,
);
console.log(
  `  peak RSS ${mb(rssAfter)} (${mb(rssBefore)} with the demo loaded, before the first report)`,
);
console.log(`load average at end: ${loadavg()[0]?.toFixed(2)}`);
db.close();
