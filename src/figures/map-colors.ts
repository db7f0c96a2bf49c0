// Turns a map's rows (system, prompt, sample), clusters or a per-sample measure into the scatter's colour/shape arrays and a legend.

import type { RowIndex } from '../core/embed/row-index';
import { wordCount } from '../core/metrics/format';
import { FORMAT_CLASSES, formatClass } from '../core/metrics/format-class';
import type { SystemKind } from '../core/model/types';
import type { ScatterData, ScatterShape } from './map-points';
import { CATEGORY_COLORS, FORMAT_COLORS, KIND_COLORS, KIND_LABELS, KIND_ORDER, KIND_SHAPES as KIND_MARKS, SEQUENTIAL_COLORS, type MarkShape } from './palette';

const SHAPE_CODE: Record<MarkShape, ScatterShape> = { circle: 0, square: 1, triangle: 2, diamond: 3 };

/** The palette's marker shape per system kind as the scatter's shape code, so maps and charts agree. */
export const KIND_SHAPE = Object.fromEntries(KIND_ORDER.map((k) => [k, SHAPE_CODE[KIND_MARKS[k]]])) as Record<SystemKind, ScatterShape>;
const KIND_SHAPES = KIND_SHAPE;
/** Colour of points outside every cluster (no direction: empty text or a zero vector). */
const NONE = '#BBBBBB';

/** One legend row of a coloured map: `code` is the palette index used by its points. */
export interface ColorKey {
  label: string;
  color: string;
  shape: ScatterShape;
  count: number;
  /** What picking this legend row selects: a system handle, a kind, a cluster number; undefined = not pickable. */
  value?: string | number;
}

/** Inputs of {@link colorPoints}: the map's rows, cluster labels and cluster words, plus per-row measure values. */
export interface ColorInput {
  rows: RowIndex;
  xy: Float32Array;
  labels: Int32Array;
  clusterWords: readonly (readonly string[])[];
  kindOf(system: string): SystemKind;
  /** Per-row measure for `length` colouring (same length as rows). */
  measure?: Float64Array;
  /** Name of the measure in the legend. */
  measureName?: string;
  /** Per-row category for `format` colouring: `codes[i]` indexes `names` / `colors`. */
  category?: { codes: Uint8Array; names: readonly string[]; colors: readonly string[] };
}

/** The scatter spec and its legend for one colour-by choice. Shape is always the system kind. */
export function colorPoints(inp: ColorInput, by: 'system' | 'kind' | 'cluster' | 'length' | 'format'): { data: ScatterData; legend: ColorKey[] } {
  const { rows } = inp;
  const n = rows.n;
  const color = new Uint8Array(n);
  const shape = new Uint8Array(n);
  const kindCode = rows.systems.map((s) => inp.kindOf(s));
  for (let i = 0; i < n; i++) shape[i] = KIND_SHAPES[kindCode[rows.system[i]!]!];
  let palette: string[] = [];
  const legend: ColorKey[] = [];
  const count = (codes: Uint8Array, k: number) => codes.reduce((s, c) => s + (c === k ? 1 : 0), 0);
  if (by === 'system') {
    // Systems ordered by kind then name, so the legend reads base, aligned, icl.
    const order = rows.systems.map((s, c) => ({ s, c, k: KIND_ORDER.indexOf(kindCode[c]!) })).sort((a, b) => a.k - b.k || a.s.localeCompare(b.s));
    const slot = new Map(order.map((o, j) => [o.c, j]));
    palette = order.map((_, j) => CATEGORY_COLORS[j % CATEGORY_COLORS.length]!);
    for (let i = 0; i < n; i++) color[i] = slot.get(rows.system[i]!)!;
    order.forEach((o, j) => legend.push({ label: o.s, color: palette[j]!, shape: KIND_SHAPES[kindCode[o.c]!], count: count(color, j), value: o.s }));
  } else if (by === 'kind') {
    palette = KIND_ORDER.map((k) => KIND_COLORS[k]);
    for (let i = 0; i < n; i++) color[i] = KIND_ORDER.indexOf(kindCode[rows.system[i]!]!);
    KIND_ORDER.forEach((k, j) => {
      const c = count(color, j);
      if (c) legend.push({ label: KIND_LABELS[k], color: palette[j]!, shape: KIND_SHAPES[k], count: c, value: k });
    });
  } else if (by === 'cluster') {
    const k = inp.clusterWords.length;
    // Palette slot 63 is "no cluster"; clusters past 63 share colours (their legend rows still name them).
    palette = Array.from({ length: 64 }, (_, j) => (j === 63 ? NONE : CATEGORY_COLORS[j % CATEGORY_COLORS.length]!));
    const sizes = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const l = inp.labels[i]!;
      color[i] = l < 0 ? 63 : l % 63;
      if (l >= 0) sizes[l]!++;
    }
    const ranked = Array.from({ length: k }, (_, j) => j).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    for (const j of ranked) legend.push({ label: `${j + 1}: ${inp.clusterWords[j]!.slice(0, 3).join(', ') || '—'}`, color: palette[j % 63]!, shape: 0, count: sizes[j]!, value: j });
    const none = inp.labels.reduce((s, l) => s + (l < 0 ? 1 : 0), 0);
    if (none) legend.push({ label: 'no cluster (no vector direction)', color: NONE, shape: 0, count: none });
  } else if (by === 'format') {
    const cat = inp.category ?? { codes: new Uint8Array(n), names: ['—'], colors: [NONE] };
    palette = [...cat.colors];
    color.set(cat.codes.subarray(0, n));
    cat.names.forEach((label, j) => {
      const c = count(color, j);
      if (c) legend.push({ label, color: palette[j]!, shape: 0, count: c });
    });
  } else {
    const m = inp.measure ?? new Float64Array(n);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of m) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const bins = SEQUENTIAL_COLORS.length;
    palette = [...SEQUENTIAL_COLORS];
    for (let i = 0; i < n; i++) color[i] = hi > lo ? Math.min(bins - 1, Math.floor(((m[i]! - lo) / (hi - lo)) * bins)) : 0;
    if (Number.isFinite(lo)) {
      const step = (hi - lo) / bins;
      for (let j = 0; j < bins; j += 3) legend.push({ label: `${inp.measureName ?? 'value'} ≥ ${(lo + j * step).toFixed(0)}`, color: palette[j]!, shape: 0, count: count(color, j) });
    }
  }
  return { data: { xy: inp.xy, n, color, shape, palette }, legend };
}

/**
 * The per-point inputs a colouring needs from the samples' texts (`text(i)` of point i): words for `length`, the format
 * class for `format` (core's definitions, METRICS.md), nothing for the others. The page and the CLI call this one.
 */
export function sampleColorInputs(by: 'system' | 'kind' | 'cluster' | 'length' | 'format', n: number, text: (i: number) => string): Pick<ColorInput, 'measure' | 'measureName' | 'category'> {
  if (by === 'length') return { measure: Float64Array.from({ length: n }, (_, i) => wordCount(text(i))), measureName: 'words' };
  if (by === 'format') return { category: { codes: Uint8Array.from({ length: n }, (_, i) => FORMAT_CLASSES.indexOf(formatClass(text(i)))), names: FORMAT_CLASSES, colors: FORMAT_COLORS } };
  return {};
}
