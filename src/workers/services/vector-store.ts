// The embedder worker's vector store: several tables at once, keyed by (dataset, split, model), in row chunks (appending never copies the table), evicted least-recently-used past a byte budget.

import { embedError, tableId, type DatasetRef } from '../../core/embed/embedder';
import { emptyRowIndex, type RowIndex } from '../../core/embed/row-index';
import { sampleKey, type SampleRef } from '../../core/model/sample-ref';
import type { Vectors } from '../../core/similarity/cosine';

/** Names one table: a split of a stored dataset (workspace key + content hash + split) under one model key (`modelKey`). */
export interface TableKey extends DatasetRef {
  model: string;
}

/** The string id of a table key (also the prefix of cache and query identities). */
export const tableKeyId = (k: TableKey): string => tableId(k, k.model);

/** Rows per storage chunk: appending allocates at most one new chunk of this many rows, never a copy of the table. */
export const CHUNK_ROWS = 1024;

/** Default byte budget of a store: vectors of all held tables together (about 500k rows of 384 floats). */
export const DEFAULT_BUDGET_BYTES = 768 * 1024 * 1024;

/**
 * One table: `n` rows of `dim` floats, row `i` embedding sample `rows[i]`. Rows are only appended or overwritten, so a
 * row id stays valid while the table lives (`version` counts changes, for caches derived from the vectors).
 * Storage is a list of chunks of {@link CHUNK_ROWS} rows, so a table that grows batch by batch never reallocates.
 */
export class VectorTable {
  readonly id: string;
  dim = 0;
  n = 0;
  /** Bumped on every append or overwrite. */
  version = 0;
  private chunks: Float32Array[] = [];
  private readonly byKey = new Map<string, number>();
  private ix: RowIndex = emptyRowIndex();
  private readonly codes = new Map<string, number>();
  /** Called after rows were added (the store enforces its budget). */
  onGrow: (() => void) | null = null;

  constructor(readonly key: TableKey) {
    this.id = tableKeyId(key);
  }

  /** Bytes of vector storage allocated (whole chunks). */
  get bytes(): number {
    return this.chunks.length * CHUNK_ROWS * this.dim * 4;
  }

  /**
   * The row index, as live views of length `n` (valid until the next append). To send it to the page use
   * {@link rowIndex}, which copies.
   */
  get rows(): RowIndex {
    const n = this.n;
    return { n, prompt: this.ix.prompt.subarray(0, n), sample: this.ix.sample.subarray(0, n), system: this.ix.system.subarray(0, n), systems: this.ix.systems };
  }

  /** A copy of the row index, safe to `transfer()` (its three buffers are its own). */
  rowIndex(): RowIndex {
    const r = this.rows;
    return { n: r.n, prompt: r.prompt.slice(), sample: r.sample.slice(), system: r.system.slice(), systems: [...r.systems] };
  }

  /** The row of a sample (a ref or its `sampleKey`), if it has a vector. */
  rowOf(s: SampleRef | string): number | undefined {
    return this.byKey.get(typeof s === 'string' ? s : sampleKey(s));
  }

  /** Whether the sample has a vector. */
  has(s: SampleRef | string): boolean {
    return this.rowOf(s) !== undefined;
  }

  /** The sample row `i` embeds. */
  ref(i: number): SampleRef {
    return { system: this.ix.systems[this.ix.system[i]!]!, prompt: this.ix.prompt[i]!, index: this.ix.sample[i]! };
  }

  /** Row `i` (0 ≤ i < n) as a view into the table's storage: copy it before keeping it past the next append. */
  vector(i: number): Float32Array {
    if (i < 0 || i >= this.n) throw new RangeError(`row ${i} is outside the table (${this.n} rows)`);
    const c = this.chunks[Math.floor(i / CHUNK_ROWS)]!;
    const o = (i % CHUNK_ROWS) * this.dim;
    return c.subarray(o, o + this.dim);
  }

  /** The listed rows copied into one `rowIds.length × dim` row-major array, in the order given. */
  gather(rowIds: ArrayLike<number>): Float32Array {
    const out = new Float32Array(rowIds.length * this.dim);
    for (let j = 0; j < rowIds.length; j++) out.set(this.vector(rowIds[j]!), j * this.dim);
    return out;
  }

  /** Every row as one `n × dim` array (a copy). */
  all(): Vectors {
    const out = new Float32Array(this.n * this.dim);
    this.chunks.forEach((c, k) => {
      const rows = Math.min(CHUNK_ROWS, this.n - k * CHUNK_ROWS);
      if (rows > 0) out.set(c.subarray(0, rows * this.dim), k * CHUNK_ROWS * this.dim);
    });
    return { data: out, n: this.n, dim: this.dim };
  }

  /** Whether row `i` is all zeros (an empty text, or a bad imported vector): such rows match nothing. */
  isZero(i: number): boolean {
    const v = this.vector(i);
    for (let d = 0; d < v.length; d++) if (v[d] !== 0) return false;
    return true;
  }

  /**
   * Appends new samples and overwrites known ones. Every vector must have the table's `dim` (the first one sets it).
   * Returns how many rows were new.
   */
  upsert(entries: readonly { ref: SampleRef; vector: Float32Array }[]): number {
    if (!entries.length) return 0;
    if (this.dim === 0) this.dim = entries[0]!.vector.length;
    let fresh = 0;
    for (const e of entries) {
      if (e.vector.length !== this.dim) throw new Error(`the vector of ${sampleKey(e.ref)} has ${e.vector.length} numbers, the table has ${this.dim}`);
      const k = sampleKey(e.ref);
      let i = this.byKey.get(k);
      if (i === undefined) {
        i = this.append(e.ref);
        this.byKey.set(k, i);
        fresh++;
      }
      this.vector(i).set(e.vector);
    }
    this.version++;
    if (fresh) this.onGrow?.();
    return fresh;
  }

  private append(ref: SampleRef): number {
    const i = this.n;
    if (i % CHUNK_ROWS === 0 && this.chunks.length * CHUNK_ROWS <= i) this.chunks.push(new Float32Array(CHUNK_ROWS * this.dim));
    if (i >= this.ix.prompt.length) {
      // The index columns are small (12 bytes a row), so they grow by doubling.
      const cap = Math.max(256, this.ix.prompt.length * 2);
      const grow = (a: Int32Array) => {
        const b = new Int32Array(cap);
        b.set(a);
        return b;
      };
      this.ix = { ...this.ix, prompt: grow(this.ix.prompt), sample: grow(this.ix.sample), system: grow(this.ix.system) };
    }
    let code = this.codes.get(ref.system);
    if (code === undefined) {
      code = this.ix.systems.length;
      this.codes.set(ref.system, code);
      this.ix.systems.push(ref.system);
    }
    this.ix.prompt[i] = ref.prompt;
    this.ix.sample[i] = ref.index;
    this.ix.system[i] = code;
    this.n = i + 1;
    this.ix.n = this.n;
    return i;
  }
}

/**
 * Tables held at once, least recently used first out when their vectors pass `budgetBytes` (a table being filled
 * is never evicted by its own growth; one table bigger than the budget stays, alone). An evicted table is simply
 * refilled from the IndexedDB vector cache on its next use.
 */
export class VectorStore {
  private readonly tables = new Map<string, VectorTable>();
  readonly budgetBytes: number;

  constructor(opts: { budgetBytes?: number } = {}) {
    this.budgetBytes = opts.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  }

  /** The table of `key` if held (and marks it most recently used). */
  get(key: TableKey): VectorTable | undefined {
    const id = tableKeyId(key);
    const t = this.tables.get(id);
    if (t) {
      this.tables.delete(id);
      this.tables.set(id, t);
    }
    return t;
  }

  /** The table of `key`; rejects with `VectorsNotHeld` when it is not held. */
  table(key: TableKey): VectorTable {
    const t = this.get(key);
    if (!t) throw embedError('VectorsNotHeld', `The embedder holds no vectors for ${tableKeyId(key)}.`);
    return t;
  }

  /** The table of `key`, created empty if not held. */
  open(key: TableKey): VectorTable {
    const got = this.get(key);
    if (got) return got;
    const t = new VectorTable(key);
    t.onGrow = () => this.enforce(t);
    this.tables.set(t.id, t);
    return t;
  }

  /** Drops one table (no-op when not held). */
  drop(key: TableKey): void {
    this.tables.delete(tableKeyId(key));
  }

  /** Drops every table whose key passes `match` (e.g. all of one dataset). */
  dropWhere(match: (k: TableKey) => boolean): void {
    for (const [id, t] of this.tables) if (match(t.key)) this.tables.delete(id);
  }

  /** Drops everything. */
  clear(): void {
    this.tables.clear();
  }

  /** Keys of the held tables, least recently used first. */
  keys(): TableKey[] {
    return [...this.tables.values()].map((t) => t.key);
  }

  /** Bytes of all held vectors. */
  get bytes(): number {
    let b = 0;
    for (const t of this.tables.values()) b += t.bytes;
    return b;
  }

  private enforce(growing: VectorTable): void {
    for (const [id, t] of this.tables) {
      if (this.bytes <= this.budgetBytes) return;
      if (t !== growing) this.tables.delete(id);
    }
  }
}
