// The Drill-down's similarity figures as specs (the view's export and the CLI's `figure` build them the same way): the
// sample × sample cosine of one prompt grouped by system, and the system × system mean cosine with its diagonal.

import type { RowIndex } from '../core/embed/row-index';
import type { SystemKind } from '../core/model/types';
import type { MatrixSpec, RowDef } from './chart/spec';
import { systemStyle } from './palette';

/** What the builders read of a prompt's map (`PromptMap` of the projection service). */
export interface PromptSimilarity {
  rows: RowIndex;
  /** Heatmap point order: points grouped by system (in `systems` order), then by sample index. */
  order: Int32Array;
  /** order.length² cosines in `order`. */
  heatmap: Float32Array;
  systems: readonly string[];
  /** systems.length² mean cosines; the diagonal is each system's self-similarity (NaN with < 2 samples). */
  systemMatrix: Float32Array;
}

const style = (kindOf: (s: string) => SystemKind, s: string) => {
  const st = systemStyle({ kind: kindOf(s) });
  return { color: st.color, shape: st.shape, fill: st.fill, pattern: st.pattern };
};

/** Lowest finite off-diagonal value (at most 0.99), so the scale spans what the matrix holds up to 1. */
function lowest(values: ArrayLike<number>, n: number): number {
  let lo = 1;
  for (let i = 0; i < values.length; i++) if (Math.floor(i / n) !== i % n && Number.isFinite(values[i]!)) lo = Math.min(lo, values[i]!);
  return Math.min(lo, 0.99);
}

/** Sample × sample cosine of prompt `prompt` (`sample-heatmap-p<prompt>`), white lines between systems. */
export function sampleHeatmapSpec(prompt: number, m: PromptSimilarity, kindOf: (s: string) => SystemKind): MatrixSpec {
  const n = m.order.length;
  const items = [...m.order].map((row) => {
    const system = m.rows.systems[m.rows.system[row]!]!;
    return { key: `${system}#${m.rows.sample[row]}`, label: `${system} #${m.rows.sample[row]! + 1}`, system };
  });
  const rows: RowDef[] = items.map((it) => ({ key: it.key, label: it.label, style: style(kindOf, it.system) }));
  const breaks = items.flatMap((it, i) => (i > 0 && items[i - 1]!.system !== it.system ? [i] : []));
  return {
    type: 'matrix',
    id: `sample-heatmap-p${prompt}`,
    title: `Sample × sample cosine, prompt ${prompt}`,
    subtitle: 'Grouped by system; white lines between systems',
    note: 'Cosine of the two samples’ embeddings (the Drill-down’s model); the diagonal is 1.',
    rows,
    cols: items.map((it) => ({ key: it.key, label: it.label })),
    values: Array.from(m.heatmap.subarray(0, n * n), (v) => (Number.isFinite(v) ? v : null)),
    scale: { label: 'cosine', domain: [lowest(m.heatmap, n), 1], digits: 2 },
    colLabel: 'sample',
    breaks,
    inputs: { prompt, systems: m.systems.join(',') },
  };
}

/** System × system mean cosine of prompt `prompt` (`system-matrix-p<prompt>`), values written, diagonal outlined. */
export function systemMatrixSpec(prompt: number, m: Pick<PromptSimilarity, 'systems' | 'systemMatrix'>, kindOf: (s: string) => SystemKind): MatrixSpec {
  const k = m.systems.length;
  return {
    type: 'matrix',
    id: `system-matrix-p${prompt}`,
    title: `System × system mean cosine, prompt ${prompt}`,
    subtitle: 'Diagonal: self-similarity (mean over a system’s own pairs)',
    note: 'Off the diagonal: mean cosine over all pairs of the two systems’ samples of this prompt.',
    rows: m.systems.map((s) => ({ key: s, label: s, style: style(kindOf, s) })),
    cols: m.systems.map((s) => ({ key: s, label: s })),
    values: Array.from(m.systemMatrix.subarray(0, k * k), (v) => (Number.isFinite(v) ? v : null)),
    scale: { label: 'mean cosine', domain: [Math.min(0.99, ...[...m.systemMatrix].filter(Number.isFinite)), 1], digits: 3 },
    colLabel: 'system',
    showValues: true,
    diagonal: true,
    inputs: { prompt, systems: m.systems.join(',') },
  };
}
