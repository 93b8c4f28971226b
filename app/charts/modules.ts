/**
 * The echarts chart types and components the builders in this folder use, and nothing more.
 * <EChart> registers these with the canvas renderer, the PDF with the SVG renderer, and the
 * chart tests render through exactly this list: a builder that starts using another component
 * makes ECharts log "… is used but not imported" and fails those tests until it is added here.
 */
import { BarChart, CustomChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  CalendarComponent,
  GridComponent,
  LegendPlainComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapPiecewiseComponent,
} from 'echarts/components';

export const CHART_MODULES = [
  BarChart,
  LineChart,
  ScatterChart,
  HeatmapChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  TitleComponent,
  MarkLineComponent,
  VisualMapPiecewiseComponent,
  CalendarComponent,
  AriaComponent,
];
