// The data of a ChartSpec as a tidy table (one row per mark, or one per row summary for box plots): the frame's
// accessible data table, and the CSV the export feature writes.

import type { ChartSpec } from './spec';

/** A table: header names and rows of cells (numbers unrounded, strings as given). */
export interface SpecTable {
  columns: string[];
  rows: (string | number | null)[][];
}

/**
 * `summary`: box plots give one row per system (n, min, q1, median, mean, q3, max); `marks`: one row per drawn
 * point. Other chart types give one row per mark either way.
 */
export function specTable(spec: ChartSpec, level: 'summary' | 'marks' = 'summary'): SpecTable {
  const label = (rows: readonly { key: string; label: string }[]) => new Map(rows.map((r) => [r.key, r.label]));
  switch (spec.type) {
    case 'box': {
      const names = label(spec.rows);
      if (level === 'marks') {
        return {
          columns: ['system', spec.pointLabel, spec.x.label],
          rows: spec.data.flatMap((d) => d.points.map((p) => [names.get(d.row) ?? d.row, p.id, p.value])),
        };
      }
      return {
        columns: ['system', 'n', 'min', 'q1', 'median', 'mean', 'q3', 'max'],
        rows: spec.rows.map((r) => {
          const s = spec.data.find((d) => d.row === r.key)?.stats;
          return [r.label, s?.n ?? 0, s?.min ?? null, s?.q1 ?? null, s?.median ?? null, s?.mean ?? null, s?.q3 ?? null, s?.max ?? null];
        }),
      };
    }
    case 'bar': {
      const names = label(spec.rows);
      const series = label(spec.series);
      return { columns: ['system', 'series', spec.x.label], rows: spec.data.map((d) => [names.get(d.row) ?? d.row, series.get(d.series) ?? d.series, d.value]) };
    }
    case 'scatter': {
      const series = label(spec.series);
      return { columns: ['point', 'series', spec.x.label, spec.y.label], rows: spec.points.map((p) => [p.label, series.get(p.series) ?? p.series, p.x, p.y]) };
    }
    case 'stacked': {
      const names = label(spec.rows);
      const cats = label(spec.categories);
      const totals = new Map<string, number>();
      for (const d of spec.data) totals.set(d.row, (totals.get(d.row) ?? 0) + d.value);
      return {
        columns: spec.normalize ? ['system', 'category', 'count', 'share'] : ['system', 'category', spec.x.label],
        rows: spec.data.map((d) =>
          spec.normalize
            ? [names.get(d.row) ?? d.row, cats.get(d.category) ?? d.category, d.value, d.value / (totals.get(d.row) || 1)]
            : [names.get(d.row) ?? d.row, cats.get(d.category) ?? d.category, d.value],
        ),
      };
    }
    case 'heatmap': {
      const names = label(spec.rows);
      const cats = label(spec.categories);
      return { columns: ['system', spec.colLabel, 'category', 'detail'], rows: spec.cells.map((c) => [names.get(c.row) ?? c.row, c.col, cats.get(c.category) ?? c.category, c.detail]) };
    }
    case 'matrix':
      return {
        columns: [`row ${spec.colLabel}`, `column ${spec.colLabel}`, spec.scale.label],
        rows: spec.rows.flatMap((r, i) => spec.cols.map((c, j) => [r.label, c.label, spec.values[i * spec.cols.length + j] ?? null])),
      };
  }
}

/** A table cell as shown on screen: numbers to 4 decimals (integers as they are), null as "–". */
export function tableCell(v: string | number | null): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

