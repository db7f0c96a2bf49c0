// The embedder worker's in-memory vectors of one dataset split under one model: n × dim row-major plus a sample-key index; answers neighbour queries.

import { parseSampleKey, type Neighbour, type NeighbourScope, type SystemCoverage } from '../../core/embed/embedder';
import type { EmbeddedSamples, SampleRef } from '../../core/metrics/semantic';
import { normalizeRows, topK, type Vectors } from '../../core/similarity/cosine';

/**
 * Vectors held for one table id. `data` is n × dim, row-major; `keys[i]` owns row i. Rows are only ever added or
 * overwritten, so row numbers stay valid while the table lives.
 */
export class VectorTable {
  keys: string[] = [];
  private index = new Map<string, number>();
  private data = new Float32Array(0);
  private unit: Vectors | null = null;
  /** Texts of the split's samples by key (embedded or not), as last handed over; coverage splits them into sentences. */
  readonly texts = new Map<string, string>();
  dim = 0;

  constructor(readonly id: string) {}

  /** Rows held. */
  get n(): number {
    return this.keys.length;
  }

  /** Whether `key` has a vector. */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /** The vector of `key` (a view into the table; copy before keeping it). */
  get(key: string): Float32Array | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.data.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Adds or overwrites rows. All vectors must share one dimension (the first one sets it). */
  upsert(entries: readonly { key: string; vector: Float32Array }[]): void {
    if (!entries.length) return;
    if (this.dim === 0) this.dim = entries[0]!.vector.length;
    const fresh = entries.filter((e) => !this.index.has(e.key)).length;
    if (fresh) {
      const grown = new Float32Array((this.keys.length + fresh) * this.dim);
      grown.set(this.data);
      this.data = grown;
    }
    for (const e of entries) {
      if (e.vector.length !== this.dim) throw new Error(`vector of ${e.key} has ${e.vector.length} numbers, the table has ${this.dim}`);
      let i = this.index.get(e.key);
      if (i === undefined) {
        i = this.keys.length;
        this.keys.push(e.key);
        this.index.set(e.key, i);
      }
      this.data.set(e.vector, i * this.dim);
    }
    this.unit = null;
  }

  /** The rows as `Vectors` (n × dim); for export. */
  vectors(): Vectors {
    return { data: this.data, n: this.n, dim: this.dim };
  }

  /** Remembers the texts of `rows` (the whole split as `status`/`embedDataset` receive it). */
  rememberTexts(rows: readonly { key: string; text: string }[]): void {
    for (const r of rows) this.texts.set(r.key, r.text);
  }

  /**
   * The held rows that pass `keep` (system, prompt), copied out as {@link EmbeddedSamples} for the core semantic
   * measures (`n × dim` row-major). All-zero rows (texts without meaning) are left out.
   */
  samples(keep: (a: SampleRef) => boolean = () => true): EmbeddedSamples {
    const { dim } = this;
    const picked: number[] = [];
    const rows: SampleRef[] = [];
    this.keys.forEach((k, i) => {
      const a = parseSampleKey(k);
      if (!a || !keep(a)) return;
      let zero = true;
      for (let d = i * dim; d < (i + 1) * dim && zero; d++) if (this.data[d] !== 0) zero = false;
      if (zero) return;
      picked.push(i);
      rows.push(a);
    });
    const vectors = new Float32Array(picked.length * dim);
    picked.forEach((r, j) => vectors.set(this.data.subarray(r * dim, (r + 1) * dim), j * dim));
    return { vectors, n: picked.length, dim, rows };
  }

  /** Per-system counts of `keys` (samples with text) and of those held. */
  coverage(keys: readonly string[]): SystemCoverage[] {
    const by = new Map<string, SystemCoverage>();
    for (const k of keys) {
      const system = parseSampleKey(k)?.system ?? '';
      const c = by.get(system) ?? by.set(system, { system, texts: 0, cached: 0 }).get(system)!;
      c.texts++;
      if (this.index.has(k)) c.cached++;
    }
    return [...by.values()];
  }

  /**
   * The `k` rows most cosine-similar to `key`, best first, among `scope` (same split, system or prompt); the sample
   * itself and all-zero rows never match. Null when `key` is not held; empty when its own vector is all zero.
   */
  neighbours(key: string, k: number, scope: NeighbourScope = 'split'): Neighbour[] | null {
    const q = this.index.get(key);
    if (q === undefined) return null;
    const { dim } = this;
    // Normalised once per table version, so repeated queries are one 1 × n block each.
    const unit = (this.unit ??= normalizeRows(this.vectors()));
    const isZero = (i: number) => {
      for (let d = i * dim; d < (i + 1) * dim; d++) if (unit.data[d] !== 0) return false;
      return true;
    };
    if (isZero(q) || k <= 0) return [];
    const me = parseSampleKey(key);
    const inScope = (i: number) => {
      if (scope === 'split' || !me) return true;
      const other = parseSampleKey(this.keys[i]!);
      return scope === 'system' ? other?.system === me.system : other?.prompt === me.prompt;
    };
    const rows: number[] = [];
    for (let i = 0; i < this.n; i++) if (i !== q && inScope(i) && !isZero(i)) rows.push(i);
    // The common case (whole split, no zero rows) scores the table as is; otherwise only the candidates are copied.
    const all = rows.length === this.n - 1;
    let cand: Vectors = unit;
    if (!all) {
      const sub = new Float32Array(rows.length * dim);
      rows.forEach((r, j) => sub.set(unit.data.subarray(r * dim, (r + 1) * dim), j * dim));
      cand = { data: sub, n: rows.length, dim };
    }
    const query: Vectors = { data: unit.data.slice(q * dim, (q + 1) * dim), n: 1, dim };
    const top = topK(query, all ? k + 1 : k, cand, { normalized: true });
    const out: Neighbour[] = [];
    for (let j = 0; j < top.k && out.length < k; j++) {
      const c = top.indices[j]!;
      if (c < 0) break;
      const row = all ? c : rows[c]!;
      if (row === q) continue;
      out.push({ sampleKey: this.keys[row]!, cosine: top.scores[j]! });
    }
    return out;
  }
}
