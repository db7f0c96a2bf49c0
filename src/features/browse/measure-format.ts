// Number formatting and the judge colours of the Browse view's measures (kind colours stay in ui/palette).

import type { Stance } from '../../core/metrics/judges';

/** A fixed-decimal number, or an en dash for "no value" (null: e.g. Jaccard over fewer than 2 responses). */
export const fmt = (v: number | null | undefined, digits = 2): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits);

/** A share as a whole percentage, or an en dash for "no value". */
export const pct = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)}%`;

/** Stance label colours (Paul Tol "muted"): apart from the kind colours so a stance is never read as a system kind. */
export const STANCE_COLORS: Record<Stance | 'unparsed', string> = {
  yes: '#88CCEE',
  no: '#CC6677',
  both: '#DDCC77',
  other: '#BBBBBB',
  unparsed: '#EEEEEE',
};

/** One-letter abbreviations of the quality aspects, in QUALITY_ASPECTS order. */
export const ASPECT_SHORT = { helpfulness: 'H', clarity: 'C', factuality: 'F', depth: 'D', engagement: 'E' } as const;
