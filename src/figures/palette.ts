// The one palette for systems (Okabe–Ito): colour and marker shape per kind, shades and fills per ICL variant, used by every view, chart and legend.

import type { SystemInfo, SystemKind } from '../core/model/types';

/** Colour per system kind; Okabe–Ito hues, which stay distinct for the common colour-vision deficiencies. */
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

/** Marker shapes; every kind has its own, so base / aligned / ICL differ in greyscale and for any colour vision. */
export type MarkShape = 'circle' | 'square' | 'triangle' | 'diamond';

/** Marker shape per kind. */
export const KIND_SHAPES: Record<SystemKind, MarkShape> = {
  base: 'circle',
  aligned: 'square',
  icl: 'triangle',
  other: 'diamond',
};

/**
 * Shades of the ICL green by teacher (lightness steps, so they also differ in greyscale): URIAL's own examples,
 * a teacher that is the same family's chat model, an API teacher (gpt-*), any other teacher.
 */
export const ICL_TEACHER_SHADES = { own: '#009E73', chat: '#005A42', api: '#66C8A8', other: '#2E8B6E' } as const;

/** How one system is drawn: everything a mark, legend entry or column header needs. */
export interface SystemStyle {
  /** Fill / stroke colour (hex). */
  color: string;
  shape: MarkShape;
  /** `hollow` for ICL systems whose examples are chosen per prompt (kNN, random), so selection reads without colour. */
  fill: 'solid' | 'hollow';
  /** `hatch` for systems given a semantic hint (summary), on bars and boxes. */
  pattern: 'none' | 'hatch';
  /** Group in which the system is listed: its kind, and for ICL its teacher (`icl · chat`). */
  group: string;
}

/** The ICL shade key of a teacher name (`undefined` = URIAL's own examples). */
function teacherShade(teacher: string | undefined): keyof typeof ICL_TEACHER_SHADES {
  if (teacher === undefined) return 'own';
  if (/^(chat|instruct|it|sft|dpo|rlhf)$/.test(teacher) || /-(chat|instruct)$/.test(teacher)) return 'chat';
  if (/^(gpt|claude)/.test(teacher)) return 'api';
  return 'other';
}

/** The drawing style of a system (see {@link SystemStyle}); pure, so the export renderer gets the same marks. */
export function systemStyle(s: Pick<SystemInfo, 'kind' | 'teacher' | 'selection' | 'hint'>): SystemStyle {
  const hint = s.hint !== undefined ? 'hatch' : 'none';
  if (s.kind !== 'icl') return { color: KIND_COLORS[s.kind], shape: KIND_SHAPES[s.kind], fill: 'solid', pattern: hint, group: s.kind };
  return {
    color: ICL_TEACHER_SHADES[teacherShade(s.teacher)],
    shape: 'triangle',
    fill: s.selection && s.selection !== 'fixed' ? 'hollow' : 'solid',
    pattern: hint,
    group: s.teacher ? `icl · ${s.teacher}` : 'icl · URIAL',
  };
}

/**
 * Sorts systems by kind (base, aligned, icl, other); ICL systems grouped by teacher (URIAL's own first), then fixed
 * examples before per-prompt selection, plain before hinted; then by handle. Returns a new array.
 */
export function sortSystemsByKind<T extends Pick<SystemInfo, 'id' | 'kind'> & Partial<Pick<SystemInfo, 'teacher' | 'selection' | 'hint'>>>(
  systems: readonly T[],
): T[] {
  const teacherRank = (s: T) => (s.kind !== 'icl' ? 0 : s.teacher === undefined ? 0 : 1);
  const sel = (s: T) => (s.selection && s.selection !== 'fixed' ? 1 : 0);
  const hint = (s: T) => (s.hint !== undefined ? 1 : 0);
  return [...systems].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      teacherRank(a) - teacherRank(b) ||
      (a.teacher ?? '').localeCompare(b.teacher ?? '') ||
      sel(a) - sel(b) ||
      hint(a) - hint(b) ||
      a.id.localeCompare(b.id),
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

/**
 * A system handle cut into pieces that may start a new line: after each `-` (and `_`), never inside a word, so
 * `llama-2-icl-gpt-3.5-knn-prompt_similar` wraps as `llama-2-` `icl-` … Joining the pieces gives the handle back.
 */
export function nameBreaks(name: string): string[] {
  return name.split(/(?<=[-_])/);
}

/**
 * Lines of at most `maxChars` characters made of whole {@link nameBreaks} pieces (a single piece longer than
 * `maxChars` stays whole: it overflows rather than breaking mid-word). For SVG labels, which do not wrap by themselves.
 */
export function wrapName(name: string, maxChars: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const piece of nameBreaks(name)) {
    if (cur && cur.length + piece.length > maxChars) {
      lines.push(cur);
      cur = piece;
    } else cur += piece;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** Colours of the format categories (`core/metrics/format-class.ts` order: refuses, numbered, bullet, prose, empty), as in the format chart. */
export const FORMAT_COLORS: readonly string[] = ['#D55E00', '#0072B2', '#56B4E9', '#999999', '#DDDDDD'];
