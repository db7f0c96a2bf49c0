// ChartSpec: the plain data a chart is drawn from (marks' data, encodings, titles, axis labels, units). Screen,
// export and the CLI render the same spec, so it holds only JSON-safe values: no functions, no React nodes.

import type { BoxStats } from '../../core/metrics/distributions';
import type { MarkShape } from '../palette';

/** How a row's or series' marks are drawn (see `ui/palette.ts` `systemStyle`). */
export interface MarkStyle {
  color: string;
  shape: MarkShape;
  fill: 'solid' | 'hollow';
  pattern: 'none' | 'hatch';
}

/** A category drawn as one row (usually a system); rows with the same `group` are drawn together under its name. */
export interface RowDef {
  key: string;
  label: string;
  style: MarkStyle;
  group?: string;
}

/** A legend entry or a stack/series category. */
export interface SeriesDef {
  key: string;
  label: string;
  style: MarkStyle;
}

/** A quantitative axis. `unit` is appended to the label (`Words`, `cosine`, `share`). */
export interface AxisDef {
  label: string;
  unit?: string;
  /** Fixed domain; otherwise from the data (with 0 included when `zero`). */
  domain?: [number, number];
  zero?: boolean;
  /** Decimals shown in ticks, tooltips and the data table. */
  digits: number;
  /** Values are shares 0–1 shown as percentages. */
  percent?: boolean;
}

interface SpecBase {
  /** Stable id (file names of exports, test ids). */
  id: string;
  title: string;
  subtitle?: string;
  /** A line under the chart saying how the figure is computed. */
  note?: string;
  /** Legend entries (the frame draws them above the plot). */
  legend?: SeriesDef[];
  /**
   * What the builder was given beyond the view state (base and aligned systems, threshold, per-prompt points...):
   * a figure config records it, so the CLI's `figure` can rebuild the same chart.
   */
  inputs?: Record<string, string | number | boolean>;
}

/** Box plot over a strip of points, one row per category: the spread over prompts of a per-prompt measure. */
export interface BoxSpec extends SpecBase {
  type: 'box';
  rows: RowDef[];
  x: AxisDef;
  /** What a point is (`prompt`). */
  pointLabel: string;
  data: { row: string; points: { id: number; value: number }[]; stats: BoxStats | null }[];
}

/** Scatter of labelled points, coloured and shaped by series. */
export interface ScatterSpec extends SpecBase {
  type: 'scatter';
  x: AxisDef;
  y: AxisDef;
  series: SeriesDef[];
  points: { id: string; series: string; x: number; y: number; label: string }[];
  /** Draw the label text next to each point (for a handful of points). */
  showLabels?: boolean;
}

/** Grouped horizontal bars: one row per category, one bar per series. */
export interface BarSpec extends SpecBase {
  type: 'bar';
  /** `dot`: a marker per value on an axis that need not start at 0 (small differences between similar values). */
  marks?: 'bar' | 'dot';
  rows: RowDef[];
  series: SeriesDef[];
  x: AxisDef;
  data: { row: string; series: string; value: number | null }[];
}

/** Horizontal stacked bars: one row per category, segments per category share (normalised to 1 when `normalize`). */
export interface StackedSpec extends SpecBase {
  type: 'stacked';
  rows: RowDef[];
  categories: SeriesDef[];
  x: AxisDef;
  normalize: boolean;
  data: { row: string; category: string; value: number }[];
}

/** A matrix of categorical cells: rows (systems) × columns (prompts). */
export interface HeatmapSpec extends SpecBase {
  type: 'heatmap';
  rows: RowDef[];
  cols: { key: string; label: string }[];
  categories: SeriesDef[];
  /** What a column is (`prompt`). */
  colLabel: string;
  cells: { row: string; col: string; category: string; detail: string }[];
}

/**
 * A matrix of numbers (e.g. cosines) coloured on a sequential scale: row items × column items, the same items for a
 * similarity matrix. Cells may carry their value as text (small matrices).
 */
export interface MatrixSpec extends SpecBase {
  type: 'matrix';
  rows: RowDef[];
  cols: { key: string; label: string }[];
  /** rows.length × cols.length values, row-major; null = no value (drawn grey, "–"). */
  values: (number | null)[];
  /** What a value is, its colour domain (values outside are clamped) and the decimals shown. */
  scale: { label: string; domain: [number, number]; digits: number };
  /** What a row / column item is (`sample`, `system`). */
  colLabel: string;
  /** Write each value in its cell. */
  showValues?: boolean;
  /** Outline the diagonal (each item with itself: self-similarity). */
  diagonal?: boolean;
  /** Draw separators before these row/column indices (e.g. where the system changes). */
  breaks?: number[];
}

/** Any chart the frame draws. */
export type ChartSpec = BoxSpec | ScatterSpec | BarSpec | StackedSpec | HeatmapSpec | MatrixSpec;
