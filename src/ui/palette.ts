// The one palette for system kinds (base / aligned / icl / other), used by every view and the legend.

import type { SystemInfo, SystemKind } from '../core/model/types';

/** Colour per system kind; chosen to stay distinct for common colour-vision deficiencies (Okabe–Ito). */
export const KIND_COLORS: Record<SystemKind, string> = {
  base: '#0072B2',
  aligned: '#D55E00',
  icl: '#009E73',
  other: '#7A7A7A',
};

/** Human label per kind, in display order. */
export const KIND_LABELS: Record<SystemKind, string> = {
  base: 'Base',
  aligned: 'Aligned',
  icl: 'In-context aligned',
  other: 'Other',
};

/** Kinds in the order they are grouped everywhere. */
export const KIND_ORDER: readonly SystemKind[] = ['base', 'aligned', 'icl', 'other'];

/** Sorts systems by kind (base, aligned, icl, other), then handle. Returns a new array. */
export function sortSystemsByKind<T extends Pick<SystemInfo, 'id' | 'kind'>>(systems: readonly T[]): T[] {
  return [...systems].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id),
  );
}

/**
 * Categorical colours for maps (colour by system or cluster): Okabe–Ito's eight, then Paul Tol's muted scheme for
 * categories 9–16 (also colour-blind safe). Categories beyond 16 reuse colours; maps add shape by kind for that.
 */
export const CATEGORY_COLORS: readonly string[] = [
  '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255',
];

/** Sequential colours (cividis, dark blue → yellow, readable with colour-vision deficiencies) for per-sample measures. */
export const SEQUENTIAL_COLORS: readonly string[] = [
  '#00204D', '#00306F', '#2A406C', '#48526B', '#5E626E', '#727374', '#878479', '#9E9677',
  '#B6A971', '#CFBC68', '#E9D05B', '#FFEA46',
];
