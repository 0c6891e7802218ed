// Chart.js set-up shared by every chart: the parts registered (tree-shaken), colours taken from the
// VS Code theme's CSS variables, the vanishing/exploding band plugin, and theme-change notification.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartType,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  type Plugin,
  PointElement,
  Tooltip,
} from "chart.js";
import { MatrixController, MatrixElement } from "chartjs-chart-matrix";

Chart.register(BarController, BarElement, CategoryScale, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip, MatrixController, MatrixElement);

/** Theme colours resolved from CSS variables (canvas drawing cannot use var() directly). */
export interface ThemeColors {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  font: string;
  fontSize: number;
  param: string;
  activation: string;
  loss: string;
  error: string;
  warning: string;
  vanishingBand: string;
  explodingBand: string;
}

/** Reads the theme colours from the page (VS Code sets the variables; the report defines them itself). */
export function themeColors(): ThemeColors {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    fg: v("--vscode-foreground", "#cccccc"),
    muted: v("--vscode-descriptionForeground", "#999999"),
    grid: v("--vscode-editorWidget-border", v("--vscode-widget-border", "rgba(128,128,128,0.35)")),
    bg: v("--vscode-editor-background", "#1e1e1e"),
    font: v("--vscode-font-family", "system-ui, sans-serif"),
    fontSize: parseFloat(v("--vscode-font-size", "13")) || 13,
    param: v("--vscode-charts-blue", "#3794ff"),
    activation: v("--vscode-charts-purple", "#b180d7"),
    loss: v("--vscode-charts-green", "#89d185"),
    error: v("--vscode-errorForeground", v("--vscode-charts-red", "#f14c4c")),
    warning: v("--vscode-editorWarning-foreground", v("--vscode-charts-yellow", "#cca700")),
    vanishingBand: "rgba(78, 121, 214, 0.13)",
    explodingBand: "rgba(224, 71, 76, 0.13)",
  };
}

/** Applies theme colours and fonts to Chart.js defaults. */
export function applyChartDefaults(c: ThemeColors): void {
  Chart.defaults.color = c.muted;
  Chart.defaults.borderColor = c.grid;
  Chart.defaults.font.family = c.font;
  Chart.defaults.font.size = Math.max(11, c.fontSize - 1);
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.tooltip.backgroundColor = c.bg;
  Chart.defaults.plugins.tooltip.titleColor = c.fg;
  Chart.defaults.plugins.tooltip.bodyColor = c.fg;
  Chart.defaults.plugins.tooltip.borderColor = c.grid;
  Chart.defaults.plugins.tooltip.borderWidth = 1;
}

/** Options of the band plugin: shade below `below` (vanishing) and above `above` (exploding). */
export interface BandOptions {
  below: number;
  above: number;
  belowColor: string;
  aboveColor: string;
  labelColor: string;
}

declare module "chart.js" {
  // NOTE: merging requires Chart.js's own type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    bplBands?: BandOptions | false;
  }
}

/** Shades the vanishing and exploding bands of a log-scaled y axis, labelled at the right edge. */
export const bandsPlugin: Plugin = {
  id: "bplBands",
  beforeDatasetsDraw(chart, _args, options) {
    const opts = options as Partial<BandOptions>;
    const y = chart.scales.y;
    if (opts.below === undefined || opts.above === undefined || !y) return;
    const { ctx, chartArea: area } = chart;
    ctx.save();
    ctx.font = `${Chart.defaults.font.size ?? 11}px ${Chart.defaults.font.family ?? "sans-serif"}`;
    ctx.textAlign = "right";
    const band = (from: number, to: number, color: string, label: string, baseline: "top" | "bottom"): void => {
      const top = Math.max(area.top, Math.min(from, to));
      const bottom = Math.min(area.bottom, Math.max(from, to));
      if (bottom <= top) return;
      ctx.fillStyle = color;
      ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      ctx.fillStyle = opts.labelColor!;
      ctx.textBaseline = baseline;
      ctx.fillText(label, area.right - 6, baseline === "top" ? top + 4 : bottom - 4);
    };
    band(y.getPixelForValue(opts.below), area.bottom, opts.belowColor!, `vanishing (< ${decadeTick(opts.below) || opts.below})`, "bottom");
    band(area.top, y.getPixelForValue(opts.above), opts.aboveColor!, `exploding (> ${decadeTick(opts.above) || opts.above})`, "top");
    ctx.restore();
  },
};

/** Calls `cb` when the VS Code theme (body class) or the system colour scheme changes. */
export function onThemeChange(cb: () => void): void {
  new MutationObserver(cb).observe(document.body, { attributes: true, attributeFilter: ["class", "data-vscode-theme-kind"] });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", cb);
}

/** "1e-3" style labels for log-axis ticks at whole decades (other ticks unlabelled). */
export function decadeTick(value: number | string): string {
  const v = Number(value);
  const e = Math.log10(v);
  return Math.abs(e - Math.round(e)) < 1e-9 ? `1e${Math.round(e)}` : "";
}
