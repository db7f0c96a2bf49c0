// Shared geometry of the chart renderers: number formats, row layout with wrapped system names, x scales.

import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { wrapName } from '../palette';
import type { AxisDef, RowDef } from './spec';
import type { ChartTheme } from './theme';

/** A value as the axis shows it (fixed decimals, or a percentage for shares). */
export function formatValue(axis: Pick<AxisDef, 'digits' | 'percent'>, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '–';
  return axis.percent ? `${(v * 100).toFixed(Math.max(0, axis.digits - 2))}%` : v.toFixed(axis.digits);
}

/** The axis title with its unit. */
export const axisTitle = (a: AxisDef): string => (a.unit ? `${a.label} (${a.unit})` : a.label);

/** Approximate text width in px (no DOM: the same numbers under SSR, in the browser and in the CLI). */
export const textWidth = (text: string, theme: ChartTheme): number => text.length * theme.fontSize * 0.58;

/** One row placed on the plot: top `y`, height `h`, label lines. */
export interface PlacedRow {
  row: RowDef;
  y: number;
  h: number;
  lines: string[];
}

/** Rows placed top to bottom with group headings; `labelW` is the left margin the labels need. */
export interface RowLayout {
  rows: PlacedRow[];
  groups: { label: string; y: number }[];
  labelW: number;
  height: number;
}

/**
 * Places `rows` from y = `top`: each row as tall as its wrapped label (names wrap at `-`, never mid-word) and at least
 * `minRowH`; a heading line before each new `group`. Labels get at most ~40% of `width`.
 */
export function layoutRows(rows: readonly RowDef[], theme: ChartTheme, width: number, top: number, minRowH: number): RowLayout {
  const cw = theme.fontSize * 0.58;
  const maxLabelW = Math.max(60, Math.min(width * 0.4, 230));
  const maxChars = Math.max(6, Math.floor(maxLabelW / cw));
  const wrapped = rows.map((r) => wrapName(r.label, maxChars));
  const labelW = Math.min(maxLabelW, Math.max(40, ...wrapped.flat().map((l) => l.length * cw))) + 14;
  const out: PlacedRow[] = [];
  const groups: { label: string; y: number }[] = [];
  let y = top;
  let group: string | undefined;
  rows.forEach((row, i) => {
    if (row.group !== undefined && row.group !== group) {
      group = row.group;
      groups.push({ label: row.group, y: y + theme.rowLine * 0.9 });
      y += theme.rowLine + 4;
    }
    const lines = wrapped[i]!;
    const h = Math.max(minRowH, lines.length * theme.rowLine + 6);
    out.push({ row, y, h, lines });
    y += h;
  });
  return { rows: out, groups, labelW, height: y - top };
}

/** A linear scale over `values` (or `axis.domain`) onto [r0, r1], niced, with 0 included when `axis.zero`. */
export function linearScale(axis: AxisDef, values: readonly number[], r0: number, r1: number): ScaleLinear<number, number> {
  let lo = Math.min(...values.filter(Number.isFinite));
  let hi = Math.max(...values.filter(Number.isFinite));
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (axis.zero) [lo, hi] = [Math.min(0, lo), Math.max(0, hi)];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  // Marks on a free (non-zero) axis get a little room, so extreme points do not sit on the frame.
  if (!axis.zero && !axis.domain) [lo, hi] = [lo - (hi - lo) * 0.04, hi + (hi - lo) * 0.04];
  const s = scaleLinear().domain(axis.domain ?? [lo, hi]).range([r0, r1]);
  return axis.domain ? s : s.nice();
}

/** A deterministic jitter in [-1, 1] for a point id (strip plots must look the same on every render and export). */
export function jitter(id: number, salt: number): number {
  let h = (id * 2654435761 + salt * 97) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 2246822519) >>> 0;
  h ^= h >>> 13;
  return ((h >>> 0) / 4294967295) * 2 - 1;
}
