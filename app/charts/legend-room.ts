/**
 * A legend that wraps must push the plot down, not cover it. The builders place the grid for a
 * legend of one line, but how many lines a legend takes depends on the width it is drawn at —
 * the dashboard's column, the PDF's text width — and the font, and English names are longer:
 * the complaints legend wrapped onto "投诉（件）" / "Complaints", the delegation chart's onto
 * "Batch · department". ECharts does not lay the grid out around a legend, but since version 6
 * it keeps axis names and labels inside `grid.outerBounds` (shrinking the plot when they would
 * leave it). So once ECharts has laid a chart out, the legend's real box is read and the
 * grid's outer bounds start below it; a legend of one line leaves the layout as it was.
 *
 * Called wherever a chart is laid out: <EChart> after every setOption and resize, and the
 * report's layOutChart. Nothing here is rendered; it reads the laid-out legend (and visual map,
 * which stands in for a legend on the heatmaps) through ECharts' model and component views —
 * the same handles its own extensions receive — described by shape because ECharts' type
 * bundle keeps them private. tests/unit/chart-layout.test.ts checks the drawn boxes.
 */
import type { ECharts } from 'echarts/core';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface LaidOutGroup {
  getBoundingRect(): Rect & { clone(): Rect & { applyTransform(m: unknown): void } };
  getComputedTransform(): unknown;
}
interface ComponentModel {
  get(path: string, ignoreParent?: boolean): unknown;
}
interface ChartInternals {
  getHeight(): number;
  getModel(): {
    eachComponent(mainType: string, each: (model: ComponentModel) => void): void;
  } | null;
  getViewOfComponentModel(model: ComponentModel): { group: LaidOutGroup } | undefined;
}

/** The components that draw a legend: the legend itself, and visual maps' labelled pieces. */
const LEGEND_LIKE = ['legend', 'visualMap'] as const;

/** Between the legend's last line and what comes below it, in chart pixels. */
const GAP = 4;

/** The bottom of a component's CSS-like padding: 5, [5, 10] or [5, 10, 15, 20]. */
function bottomPadding(padding: unknown): number {
  if (typeof padding === 'number') return padding;
  if (!Array.isArray(padding)) return 0;
  const value: unknown = padding.length > 2 ? padding[2] : padding[0];
  return typeof value === 'number' ? value : 0;
}

/**
 * Where the space below the legends in the top half of the chart begins: their last line of
 * items (not their padding, which differs: 5 px for a legend, 15 for a visual map) and a gap,
 * in chart pixels; 0 when there is no legend.
 */
function belowLegend(chart: ChartInternals): number {
  const model = chart.getModel();
  if (!model) return 0;
  let bottom = 0;
  for (const mainType of LEGEND_LIKE) {
    model.eachComponent(mainType, (component) => {
      if (component.get('show') === false) return;
      const group = chart.getViewOfComponentModel(component)?.group;
      if (!group) return;
      const box = group.getBoundingRect().clone();
      box.applyTransform(group.getComputedTransform());
      if (!(box.height > 0) || box.y > chart.getHeight() / 2) return;
      const items = box.y + box.height - bottomPadding(component.get('padding'));
      bottom = Math.max(bottom, items + GAP);
    });
  }
  return Math.ceil(bottom);
}

/**
 * Starts every grid's outer bounds below the legend, so ECharts keeps axis names (and the plot)
 * clear of it. Lays the chart out again only when the bound moves; true if it did.
 */
export function makeRoomForLegend(chart: ECharts): boolean {
  if (chart.isDisposed()) return false;
  // ECharts declares getModel and getViewOfComponentModel private, hence the detour.
  const internals = chart as unknown as ChartInternals;
  const model = internals.getModel();
  if (!model) return false;
  const top = belowLegend(internals);
  const bounds: Record<string, unknown>[] = [];
  let moved = false;
  model.eachComponent('grid', (grid) => {
    const current = grid.get('outerBounds', true) as Record<string, unknown> | undefined;
    if ((current?.top ?? 0) !== top) moved = true;
    // The rest of the bounds as they were: the chart's edges unless a builder said otherwise.
    bounds.push({ left: 0, right: 0, bottom: 0, ...current, top });
  });
  if (!moved) return false;
  chart.setOption({ grid: bounds.map((outerBounds) => ({ outerBounds })) });
  return true;
}
