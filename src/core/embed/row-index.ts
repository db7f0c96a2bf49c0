// The row index of a vector table: which sample each row embeds, column-packed so it crosses a worker boundary as three transferred Int32Arrays.

import type { SampleRef } from '../model/sample-ref';

/**
 * Row `i` of a vector table embeds sample `{system: systems[system[i]], prompt: prompt[i], index: sample[i]}`.
 * All three columns have length `n`; `systems` is the code book (codes are indices into it, in first-seen order).
 * The embedder worker sends one per table (transferred); views then name rows by row id only.
 */
export interface RowIndex {
  n: number;
  prompt: Int32Array;
  sample: Int32Array;
  system: Int32Array;
  systems: string[];
}

/** An empty index. */
export function emptyRowIndex(): RowIndex {
  return { n: 0, prompt: new Int32Array(0), sample: new Int32Array(0), system: new Int32Array(0), systems: [] };
}

/** The sample row `i` embeds (0 ≤ i < n). */
export function rowRef(ix: RowIndex, i: number): SampleRef {
  return { system: ix.systems[ix.system[i]!]!, prompt: ix.prompt[i]!, index: ix.sample[i]! };
}

/** Builds an index from refs, in order (system codes in first-seen order). */
export function rowIndexOf(refs: readonly SampleRef[]): RowIndex {
  const n = refs.length;
  const ix: RowIndex = { n, prompt: new Int32Array(n), sample: new Int32Array(n), system: new Int32Array(n), systems: [] };
  const codes = new Map<string, number>();
  refs.forEach((r, i) => {
    let c = codes.get(r.system);
    if (c === undefined) {
      c = ix.systems.length;
      codes.set(r.system, c);
      ix.systems.push(r.system);
    }
    ix.prompt[i] = r.prompt;
    ix.sample[i] = r.index;
    ix.system[i] = c;
  });
  return ix;
}

/** Row ids of `ix` whose sample passes `keep`, ascending. */
export function rowsWhere(ix: RowIndex, keep: (system: string, prompt: number, index: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < ix.n; i++) if (keep(ix.systems[ix.system[i]!]!, ix.prompt[i]!, ix.sample[i]!)) out.push(i);
  return Int32Array.from(out);
}
