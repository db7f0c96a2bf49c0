// Input checks shared by the projection jobs: which rows of an n × dim matrix are unusable (NaN/Infinity, all-zero).

import type { Vectors } from '../similarity/cosine';

/** Why a row was left out of a fit. `non-finite`: some entry is NaN or ±Infinity; `zero`: all entries are 0 (no direction). */
export type RowProblem = 'non-finite' | 'zero';

/** A row left out of a fit; its output coordinates are 0 and its cluster label -1. */
export interface ExcludedRow {
  row: number;
  problem: RowProblem;
}

/** Usable rows of a matrix. */
export interface RowCheck {
  /** Indices of usable rows, ascending. */
  kept: Int32Array;
  excluded: ExcludedRow[];
}

/**
 * Sorts rows into usable and excluded. `zeroIsBad`: an all-zero row is excluded (cosine methods: UMAP, clustering) or
 * kept as a point (PCA, where the zero vector is a valid position). Throws when `data.length ≠ n × dim`.
 */
export function checkRows(v: Vectors, zeroIsBad: boolean): RowCheck {
  const { data, n, dim } = v;
  if (!Number.isInteger(n) || !Number.isInteger(dim) || n < 0 || dim < 0) throw new Error(`vectors: n ${n} and dim ${dim} must be whole numbers ≥ 0`);
  if (data.length !== n * dim) throw new Error(`vectors: data.length ${data.length} ≠ n × dim (${n} × ${dim})`);
  const kept: number[] = [];
  const excluded: ExcludedRow[] = [];
  for (let i = 0; i < n; i++) {
    let finite = true;
    let nonzero = false;
    for (let k = i * dim, e = k + dim; k < e; k++) {
      const x = data[k]!;
      // x - x is NaN exactly for NaN and ±Infinity.
      if (x - x !== 0) {
        finite = false;
        break;
      }
      if (x !== 0) nonzero = true;
    }
    if (!finite) excluded.push({ row: i, problem: 'non-finite' });
    else if (!nonzero && zeroIsBad) excluded.push({ row: i, problem: 'zero' });
    else kept.push(i);
  }
  return { kept: Int32Array.from(kept), excluded };
}

/** The listed rows of `v` as a new `rows.length × dim` matrix (or `v` itself when every row is listed). */
export function pickRows(v: Vectors, rows: Int32Array): Vectors {
  if (rows.length === v.n) return v;
  const out = new Float32Array(rows.length * v.dim);
  for (let j = 0; j < rows.length; j++) out.set(v.data.subarray(rows[j]! * v.dim, (rows[j]! + 1) * v.dim), j * v.dim);
  return { data: out, n: rows.length, dim: v.dim };
}

/** A one-line message for excluded rows (first few row numbers, 0-based), or null when there are none. */
export function excludedMessage(excluded: readonly ExcludedRow[]): string | null {
  if (!excluded.length) return null;
  const parts: string[] = [];
  for (const p of ['non-finite', 'zero'] as const) {
    const rows = excluded.filter((e) => e.problem === p).map((e) => e.row);
    if (!rows.length) continue;
    const list = rows.slice(0, 5).join(', ') + (rows.length > 5 ? `, … (${rows.length} in all)` : '');
    parts.push(`${rows.length} ${p === 'zero' ? 'all-zero' : 'NaN/Infinity'} vector${rows.length > 1 ? 's' : ''} left out (rows ${list})`);
  }
  return parts.join('; ');
}
