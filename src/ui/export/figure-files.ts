// A chart's export files, rendered from its ChartSpec at a print preset (never from screen pixels): vector SVG, vector
// PDF (jsPDF + svg2pdf.js), PNG with its pHYs chunk set (changedpi), tidy CSV of the plotted marks, and a JSON config.

import { changeDpiBlob } from 'changedpi';
import Papa from 'papaparse';
import { chartSvgMarkup } from '../chart/chart-markup';
import type { ChartSpec } from '../chart/spec';
import { specTable, type SpecTable } from '../chart/spec-table';
import { inchesToPx, paperTheme } from '../chart/theme';
import { CSS_DPI, pngPixelSize, type FigurePreset } from './presets';

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

/** `figureSvg` as a file: the XML prolog plus the document. */
export const svgFile = (s: SizedSvg): Blob => new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${s.svg}`], { type: 'image/svg+xml' });

/**
 * A one-page vector PDF of the SVG at its print size (1 CSS px = 0.75 pt): paths stay paths and text stays text in
 * the standard Helvetica font (svg2pdf maps the SVG's font family onto it).
 */
export async function pdfFile(s: SizedSvg): Promise<Blob> {
  const [{ jsPDF }, { svg2pdf }] = await Promise.all([import('jspdf'), import('svg2pdf.js')]);
  const w = (s.width * 72) / CSS_DPI;
  const h = (s.height * 72) / CSS_DPI;
  const pdf = new jsPDF({ unit: 'pt', format: [w, h], orientation: w > h ? 'landscape' : 'portrait', compress: true });
  // jsPDF's standard fonts have normal and bold only: numeric weights (600) would fall back to Times.
  const svg = s.svg.replace(/font-weight="([5-9]00)"/g, 'font-weight="bold"');
  const el = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  // svg2pdf measures text through the live DOM, so the element is attached (off screen) while it converts.
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;visibility:hidden';
  host.appendChild(document.importNode(el, true));
  document.body.appendChild(host);
  try {
    await svg2pdf(host.firstElementChild!, pdf, { x: 0, y: 0, width: w, height: h });
  } finally {
    host.remove();
  }
  return pdf.output('blob');
}

/** A PNG of the SVG at `dpi`: pixel width = width in inches × dpi, and a pHYs chunk saying `dpi` (so LaTeX sizes it right). */
export async function pngFile(s: SizedSvg, dpi: number): Promise<Blob> {
  const size = pngPixelSize(s.width, s.height, dpi);
  const url = URL.createObjectURL(new Blob([s.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.width = size.width;
    img.height = size.height;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The figure SVG could not be drawn as an image.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2-D canvas to draw the PNG on.');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(img, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(`The browser could not encode a ${size.width} × ${size.height} PNG.`);
    return await changeDpiBlob(blob, dpi);
  } finally {
    URL.revokeObjectURL(url);
  }
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

/** Saves `blob` as `name` through a temporary link (the browser's download). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
