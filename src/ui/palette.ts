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
