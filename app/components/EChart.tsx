/**
 * The only place echarts is initialised in the browser. Options come from the pure builders in
 * app/charts; this component owns the instance: init on mount, setOption (notMerge) when the
 * option changes, resize with its container, dispose on unmount — and after each layout, room
 * below a legend that wraps at the container's width (app/charts/legend-room.ts). Only the
 * chart types and components the builders use are registered (app/charts/modules.ts).
 *
 * echarts/core is imported on first use, not with the route: even trimmed to these modules it
 * is about 210 KB gzip, which alone would break the overview's 250 KB route budget. The chart
 * appears a moment after hydration instead; pass a memoised option, since every new object
 * means a full setOption.
 *
 * SSR-safe: nothing here touches window or document during render; the server renders an
 * empty container (and the table, hidden), the chart appears once the effect runs.
 */
import type { EChartsOption } from 'echarts';
import type { ECharts } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { ChartTable } from '../charts/common';
import { makeRoomForLegend } from '../charts/legend-room';

type EchartsCore = typeof import('echarts/core');

let loading: Promise<EchartsCore> | null = null;

/** echarts/core with the builders' modules and the canvas renderer registered, loaded once. */
function loadEcharts(): Promise<EchartsCore> {
  // In parallel; each import destructured in its own .then so the bundler keeps only what is
  // named (the SVG renderer stays out of the browser bundle).
  loading ??= Promise.all([
    import('echarts/core'),
    import('echarts/renderers').then(({ CanvasRenderer }) => CanvasRenderer),
    import('../charts/modules').then(({ CHART_MODULES }) => CHART_MODULES),
  ]).then(([echarts, CanvasRenderer, modules]) => {
    echarts.use([...modules, CanvasRenderer]);
    return echarts;
  });
  return loading;
}

/** A chunk that failed to load (offline, a deploy in between): say so, allow a retry. */
function reportLoadFailure(error: unknown) {
  loading = null;
  console.error('charts could not be loaded; the "show as table" view still has the data', error);
}

export interface EChartProps {
  option: EChartsOption;
  /** What the chart shows, for screen readers, e.g. "道里区 每日放号与到场人数". */
  ariaLabel: string;
  /** CSS height of the chart; the width follows the container. */
  height?: number | string;
  /** The same data as a table, behind a toggle: the accessible alternative to the picture. */
  table?: ChartTable;
  /** The toggle's text, e.g. "以表格显示" / "Show as table"; required with `table`. */
  tableLabel?: string;
  /** The toggle's text while the table is shown; defaults to tableLabel. */
  hideTableLabel?: string;
  /** Language of echarts' own words (aria description, calendar day names). */
  lang?: 'zh' | 'en';
  /** Locale for numbers in the table (Intl); defaults from lang. */
  locale?: string;
  className?: string;
}

export function EChart({
  option,
  ariaLabel,
  height = 360,
  table,
  tableLabel,
  hideTableLabel,
  lang = 'zh',
  locale,
  className,
}: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<ECharts | null>(null);
  // The option to start a new instance with: the load is async, the option may change meanwhile.
  const latest = useRef(option);
  const [tableShown, setTableShown] = useState(false);
  const tableId = useId();

  // One instance per mounted container (and language: echarts takes its locale at init).
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let chart: ECharts | null = null;
    let observer: ResizeObserver | null = null;
    let frame = 0;
    let cancelled = false;

    loadEcharts().then((echarts) => {
      if (cancelled) return;
      chart = echarts.init(el, undefined, {
        renderer: 'canvas',
        locale: lang === 'en' ? 'EN' : 'ZH',
      });
      chart.setOption(latest.current, { notMerge: true });
      makeRoomForLegend(chart);
      instance.current = chart;
      el.setAttribute('data-echarts-instance', chart.id);

      // Resize on the next frame: resizing inside the observer callback can raise Chromium's
      // "ResizeObserver loop" error.
      const resizing = chart;
      observer =
        typeof ResizeObserver === 'undefined'
          ? null
          : new ResizeObserver(() => {
              cancelAnimationFrame(frame);
              frame = requestAnimationFrame(() => {
                if (resizing.isDisposed()) return;
                resizing.resize();
                // Narrower, the legend may wrap onto another line; wider, it may need one less.
                makeRoomForLegend(resizing);
              });
            });
      observer?.observe(el);
    }, reportLoadFailure);

    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      observer?.disconnect();
      chart?.dispose();
      instance.current = null;
      el.removeAttribute('data-echarts-instance');
    };
  }, [lang]);

  // Later options go to the live instance; the first one is set when the instance is made.
  useEffect(() => {
    latest.current = option;
    const chart = instance.current;
    if (!chart) return;
    chart.setOption(option, { notMerge: true });
    makeRoomForLegend(chart);
  }, [option]);

  const numbers = new Intl.NumberFormat(locale ?? (lang === 'en' ? 'en' : 'zh-CN'));
  const cell = (v: string | number | null) =>
    v === null ? '—' : typeof v === 'number' ? numbers.format(v) : v;

  return (
    <figure className={['echart', className].filter(Boolean).join(' ')} aria-label={ariaLabel}>
      <div
        ref={container}
        className="echart__canvas"
        style={{ width: '100%', height: typeof height === 'number' ? `${height}px` : height }}
      />
      {table ? (
        <>
          <button
            type="button"
            className="echart__toggle"
            aria-expanded={tableShown}
            aria-controls={tableId}
            onClick={() => setTableShown((shown) => !shown)}
          >
            {tableShown ? (hideTableLabel ?? tableLabel) : tableLabel}
          </button>
          <div id={tableId} className="echart__table" hidden={!tableShown}>
            <table className="table">
              <caption>{ariaLabel}</caption>
              <thead>
                <tr>
                  {table.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((v, i) =>
                      i === 0 ? (
                        <th key={i} scope="row">
                          {cell(v)}
                        </th>
                      ) : (
                        <td key={i} className={typeof v === 'number' ? 'num' : undefined}>
                          {cell(v)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </figure>
  );
}
