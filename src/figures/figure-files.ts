// A figure's files that need no browser: print-preset SVG (text as text, styles inlined, fonts named), the tidy CSV of
// the plotted marks, and the JSON config that reproduces it. The page adds PDF/PNG through the DOM (ui/export), the
// CLI through Node (cli/figure-render.ts).

import Papa from 'papaparse';
import { chartSvgMarkup } from './chart/chart-markup';
import type { ChartSpec } from './chart/spec';
import { specTable, type SpecTable } from './chart/spec-table';
import { inchesToPx, paperTheme } from './chart/theme';
import type { FigurePreset } from './presets';

/** How a figure is exported: venue width, font size (pt), whether the greyscale preview was on (not applied to files). */
export interface FigureOptions {
  preset: FigurePreset;
  fontPt: number;
}

/** An SVG document with its size in CSS px. */
export interface SizedSvg {
  svg: string;
  width: number;
  height: number;
}

/** Width and height (CSS px) of an SVG document's root element. */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1] ?? NaN);
  return { width: num('width'), height: num('height') };
}

/**
 * The figure's SVG at the preset's width in the light paper theme: text as `<text>` in a named font (Helvetica,
 * Arial, sans-serif), every style an attribute (no stylesheet to lose), an XML prolog so it opens standalone.
 */
export function figureSvg(spec: ChartSpec, opts: FigureOptions): SizedSvg {
  const width = inchesToPx(opts.preset.widthIn);
  const svg = chartSvgMarkup(spec, { width, theme: paperTheme(opts.fontPt) });
  return { svg, ...svgSize(svg) };
}

/**
 * Exactly the plotted data, one row per drawn mark: box plots their points (one per prompt), bars every row × series
 * slot (empty value where a bar is missing), stacked bars their non-zero segments, heatmaps their cells, scatters their
 * points. Numbers unrounded.
 */
export function plottedTable(spec: ChartSpec): SpecTable {
  const t = specTable(spec, 'marks');
  if (spec.type === 'stacked') return { columns: t.columns, rows: t.rows.filter((_, i) => spec.data[i]!.value !== 0) };
  if (spec.type === 'bar') {
    const value = new Map(spec.data.map((d) => [`${d.row}\u0000${d.series}`, d.value]));
    return {
      columns: t.columns,
      rows: spec.rows.flatMap((r) => spec.series.map((s) => [r.label, s.label, value.get(`${r.key}\u0000${s.key}`) ?? null])),
    };
  }
  if (spec.type === 'heatmap') {
    const rows = new Set(spec.rows.map((r) => r.key));
    const cols = new Set(spec.cols.map((c) => c.key));
    const cats = new Set(spec.categories.map((c) => c.key));
    return { columns: t.columns, rows: t.rows.filter((_, i) => rows.has(spec.cells[i]!.row) && cols.has(spec.cells[i]!.col) && cats.has(spec.cells[i]!.category)) };
  }
  return t;
}

/** A table as RFC 4180 CSV text (numbers in full precision, missing values empty). */
export function csvText(t: SpecTable): string {
  return Papa.unparse({ fields: t.columns, data: t.rows.map((r) => r.map((v) => (v === null ? '' : v))) }, { newline: '\n' }) + '\n';
}

/** What reproduces a figure: which view (dataset, split, systems, prompt, projection and seed), chart, preset, definitions. */
export interface FigureConfig {
  kind: 'overton-figure';
  version: 1;
  /** The chart's spec id. */
  chart: string;
  title: string;
  /** The app's view state (dataset, split, systems, prompt, view, metric, colour-by, projection parameters and seed). */
  view: Record<string, unknown>;
  /** Extra parameters the view adds (embedding model, clustering threshold, …). */
  params?: Record<string, unknown>;
  /** What the chart's builder was given beyond the view (see `ChartSpec.inputs`). */
  inputs?: Record<string, string | number | boolean>;
  preset: FigurePreset['id'];
  fontPt: number;
  /** How the plotted numbers are defined: axis titles with units, the chart's note (METRICS.md definitions). */
  metrics: { axes: string[]; note?: string };
  /** ISO time of export. */
  exported: string;
}

/** The config of `spec` exported from `view` (see {@link FigureConfig}). */
export function figureConfig(spec: ChartSpec, opts: FigureOptions, view: Record<string, unknown>, params?: Record<string, unknown>): FigureConfig {
  const axes = 'x' in spec ? [spec.x, ...('y' in spec ? [spec.y] : [])].map((a) => (a.unit ? `${a.label} (${a.unit})` : a.label)) : [spec.colLabel];
  return {
    kind: 'overton-figure',
    version: 1,
    chart: spec.id,
    title: spec.title,
    view,
    ...(params ? { params } : {}),
    ...(spec.inputs ? { inputs: spec.inputs } : {}),
    preset: opts.preset.id,
    fontPt: opts.fontPt,
    metrics: { axes, ...(spec.note ? { note: spec.note } : {}) },
    exported: new Date().toISOString(),
  };
}

/** Reads a config file's text; a clear message when it is not an Overton figure config. */
export function parseFigureConfig(text: string, fileName: string): FigureConfig {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName}: not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const c = v as Partial<FigureConfig> | null;
  if (!c || typeof c !== 'object' || c.kind !== 'overton-figure' || typeof c.view !== 'object' || c.view === null) {
    throw new Error(`${fileName}: not an Overton figure config (expected "kind": "overton-figure" and a "view" object).`);
  }
  return c as FigureConfig;
}

