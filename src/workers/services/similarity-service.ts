// Similarity over the vector store's tables: neighbours, the semantic tables, heatmap tiles (sample × sample, system × system) and sentence coverage; only small results leave.

import type { NeighbourScope } from '../../core/embed/embedder';
import { rowRef } from '../../core/embed/row-index';
import type { SampleRef } from '../../core/model/sample-ref';
import {
  combineCoverage,
  promptSemantic,
  semanticRows,
  systemCoverage,
  type Coverage,
  type EmbeddedSamples,
  type EmbedFn,
  type PromptSemanticRow,
  type SemanticOptions,
  type SemanticRow,
  type SystemCoverageInput,
} from '../../core/metrics/semantic';
import { cosineBlock, normalizeRows, topK, type Vectors } from '../../core/similarity/cosine';
import { checkpoint, type JobProgress } from './jobs';
import type { VectorTable } from './vector-store';

/** One neighbour: a row of the queried table and its cosine (−1..1). The page names the sample via the table's row index. */
export interface RowHit {
  row: number;
  cosine: number;
}

/** The system × system mean-similarity matrix of one prompt. */
export interface SystemMatrix {
  systems: string[];
  /** Embedded (non-zero) samples of each system on the prompt. */
  counts: number[];
  /**
   * `systems.length²`, row-major: off the diagonal the mean cosine over all cross pairs; on it the system's
   * self-similarity, the mean over its pairs of distinct samples (NaN with fewer than two samples, or no pairs).
   */
  mean: Float32Array;
}

/** Unit rows + zero flags of a table, rebuilt when the table's `version` moves. */
interface UnitCache {
  version: number;
  unit: Vectors;
  zero: Uint8Array;
}

/** Stateless over the store except for one normalised copy per table version, so repeated queries are one block each. */
export class SimilarityService {
  private readonly units = new WeakMap<VectorTable, UnitCache>();

  private unitOf(t: VectorTable): UnitCache {
    const got = this.units.get(t);
    if (got && got.version === t.version) return got;
    const unit = normalizeRows(t.all());
    const zero = new Uint8Array(t.n);
    for (let i = 0; i < t.n; i++) zero[i] = t.isZero(i) ? 1 : 0;
    const c = { version: t.version, unit, zero };
    this.units.set(t, c);
    return c;
  }

  /**
   * The `k` rows most cosine-similar to row `q`, best first, among `scope` (same split, system or prompt); `q` itself
   * and all-zero rows never match; empty when `q`'s own vector is all zero.
   */
  neighbours(t: VectorTable, q: number, k: number, scope: NeighbourScope = 'split'): RowHit[] {
    const { unit, zero } = this.unitOf(t);
    if (zero[q] || k <= 0) return [];
    const me = t.ref(q);
    const ix = t.rows;
    const code = ix.system[q]!;
    const inScope = (i: number) => scope === 'split' || (scope === 'system' ? ix.system[i] === code : ix.prompt[i] === me.prompt);
    const rows: number[] = [];
    for (let i = 0; i < t.n; i++) if (i !== q && !zero[i] && inScope(i)) rows.push(i);
    const { dim } = t;
    const query: Vectors = { data: unit.data.slice(q * dim, (q + 1) * dim), n: 1, dim };
    // The common case (whole split, no zero rows) scores the table as it is; otherwise only the candidates are copied.
    const all = rows.length === t.n - 1;
    const cand: Vectors = all ? unit : { data: t.n ? gatherRows(unit, rows) : new Float32Array(0), n: rows.length, dim };
    const top = topK(query, Math.min(all ? k + 1 : k, cand.n), cand, { normalized: true });
    const out: RowHit[] = [];
    for (let j = 0; j < top.k && out.length < k; j++) {
      const c = top.indices[j]!;
      if (c < 0) break;
      const row = all ? c : rows[c]!;
      if (row !== q) out.push({ row, cosine: top.scores[j]! });
    }
    return out;
  }

  /**
   * The table's rows that pass `keep`, copied out as {@link EmbeddedSamples} for the core semantic measures
   * (`n × dim` row-major). All-zero rows (texts without meaning) are left out.
   */
  samples(t: VectorTable, keep: (r: SampleRef) => boolean = () => true): EmbeddedSamples {
    const { zero } = this.unitOf(t);
    const picked: number[] = [];
    const refs: SampleRef[] = [];
    for (let i = 0; i < t.n; i++) {
      if (zero[i]) continue;
      const r = rowRef(t.rows, i);
      if (!keep(r)) continue;
      picked.push(i);
      refs.push(r);
    }
    return { vectors: t.gather(picked), n: picked.length, dim: t.dim, rows: refs };
  }

  /** The per-system semantic table (core `semanticRows`); `systems` defaults to every system with a vector, sorted. */
  semanticTable(t: VectorTable, opts: SemanticOptions & { systems?: string[] }): SemanticRow[] {
    const e = this.samples(t);
    const systems = opts.systems ?? [...new Set(e.rows.map((r) => r.system))].sort();
    return semanticRows(e, systems, opts);
  }

  /** {@link semanticTable} for one prompt, with each system's meaning clusters. */
  promptSemantic(t: VectorTable, prompt: number, systems: readonly string[], opts: SemanticOptions): PromptSemanticRow[] {
    return promptSemantic(this.samples(t, (r) => r.prompt === prompt), prompt, systems, opts);
  }

  /**
   * Heatmap tile: the cosine of every pair of the listed rows, `rowIds.length²` row-major, in the order given (group
   * them by system first for a grouped heatmap). Zero rows give 0 against everything.
   */
  heatmapTile(t: VectorTable, rowIds: ArrayLike<number>): Float32Array {
    const { unit } = this.unitOf(t);
    const { dim } = t;
    const m = rowIds.length;
    const sub = new Float32Array(m * dim);
    for (let j = 0; j < m; j++) sub.set(unit.data.subarray(rowIds[j]! * dim, (rowIds[j]! + 1) * dim), j * dim);
    const v: Vectors = { data: sub, n: m, dim };
    return cosineBlock(v, 0, m, 0, m);
  }

  /** The system × system mean-similarity matrix of one prompt's embedded samples (see {@link SystemMatrix}). */
  systemMatrix(t: VectorTable, prompt: number, systems: readonly string[]): SystemMatrix {
    const { zero } = this.unitOf(t);
    const ix = t.rows;
    const groups = systems.map((s) => {
      const code = ix.systems.indexOf(s);
      const rows: number[] = [];
      for (let i = 0; i < t.n; i++) if (ix.system[i] === code && ix.prompt[i] === prompt && !zero[i]) rows.push(i);
      return rows;
    });
    const all = groups.flat();
    const tile = this.heatmapTile(t, all);
    const m = all.length;
    const start: number[] = [];
    let at = 0;
    for (const g of groups) {
      start.push(at);
      at += g.length;
    }
    const s = systems.length;
    const mean = new Float32Array(s * s);
    for (let a = 0; a < s; a++) {
      for (let b = 0; b < s; b++) {
        let sum = 0;
        let pairs = 0;
        for (let i = 0; i < groups[a]!.length; i++) {
          for (let j = 0; j < groups[b]!.length; j++) {
            if (a === b && i === j) continue;
            sum += tile[(start[a]! + i) * m + start[b]! + j]!;
            pairs++;
          }
        }
        mean[a * s + b] = pairs ? sum / pairs : NaN;
      }
    }
    return { systems: [...systems], counts: groups.map((g) => g.length), mean };
  }

  /**
   * Sentence coverage of `base`'s samples by `aligned`'s over `prompts` (core `systemCoverage`), in chunks of five
   * prompts so progress is reported (`done`/`total` = prompts) and an aborted `signal` stops it between chunks.
   * `textsOf(system, prompt)` gives a system's sample texts on a prompt in sample order; `embed` embeds sentences.
   */
  async coverage(
    prompts: readonly number[],
    textsOf: (system: string, prompt: number) => string[],
    base: string,
    aligned: string,
    threshold: number,
    embed: EmbedFn,
    signal?: AbortSignal,
    onProgress?: (p: JobProgress) => void,
  ): Promise<Coverage> {
    const t0 = performance.now();
    const inputs: SystemCoverageInput[] = prompts
      .map((p) => ({ prompt: p, base: textsOf(base, p), aligned: textsOf(aligned, p) }))
      .filter((x) => x.base.length > 0 && x.aligned.length > 0);
    const chunk = 5;
    const parts: Coverage[] = [];
    for (let s = 0; s < inputs.length; s += chunk) {
      await checkpoint(signal, 'Coverage');
      onProgress?.({ phase: 'coverage', done: s, total: inputs.length, elapsedMs: performance.now() - t0 });
      parts.push(await systemCoverage(inputs.slice(s, s + chunk), embed, threshold));
    }
    onProgress?.({ phase: 'coverage', done: inputs.length, total: inputs.length, elapsedMs: performance.now() - t0, etaMs: 0 });
    // Chunks hold disjoint prompts, so the per-prompt rows concatenate; the totals are recomputed over all of them.
    return combineCoverage(parts.flatMap((c) => c.perPrompt));
  }
}

/** Rows `ids` of `v` copied into one `ids.length × dim` array. */
function gatherRows(v: Vectors, ids: readonly number[]): Float32Array {
  const out = new Float32Array(ids.length * v.dim);
  ids.forEach((r, j) => out.set(v.data.subarray(r * v.dim, (r + 1) * v.dim), j * v.dim));
  return out;
}
