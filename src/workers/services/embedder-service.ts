// The embedder worker's façade: one EmbeddingEngine, one VectorStore filled from the IndexedDB vector cache, and the similarity service over it; the page names tables by key and gets counts, row indexes and {row, cosine}.

import { transfer } from 'comlink';
import {
  embedError,
  hashText,
  modelKey,
  parseSampleKey,
  sampleKey,
  type DatasetRef,
  type EmbedCounts,
  type EmbedImportReport,
  type EmbedOptions,
  type EmbedProgress,
  type EmbedResult,
  type EmbeddedShare,
  type EngineInfo,
  type FileBlob,
  type ModelDescriptor,
  type ModelFiles,
  type NeighbourScope,
  type SampleText,
  type TruncatedText,
} from '../../core/embed/embedder';
import { paperEmbeddingsFromNpz, parseEmbeddingJsonl, toEmbeddingJsonl } from '../../core/embed/npz';
import type { RowIndex } from '../../core/embed/row-index';
import type { SampleRef } from '../../core/model/sample-ref';
import type { Coverage, PromptSemanticRow, SemanticOptions, SemanticRow } from '../../core/metrics/semantic';
import { semanticDistributions, type SemanticDistribution } from '../../core/metrics/semantic-distributions';
import { EmbeddingEngine, type EngineOptions } from './embedding-engine';
import { EmbeddingCacheFullError, type EmbedRun, type EmbeddingCache } from './embedding-cache';
import { Jobs, type JobOptions } from './jobs';
import { SimilarityService, type RowHit, type SystemMatrix } from './similarity-service';
import { VectorStore, type TableKey, type VectorTable } from './vector-store';
import { mapBuffers, ProjectionService, type ProjectionInput, type ProjectionParams, type PromptMap, type SampleMap } from './projection-service';
import type { ProjectionProgress } from '../../core/projection/job';
import { sentenceMatches, type SentenceMatch } from '../../core/metrics/sentence-coverage';

export { pickDevice, withWasmFallback, type GpuNavigator } from './embedding-engine';
export type { RowHit, SystemMatrix, TableKey };

/** Where the engine finds its files, the vector cache, and the store's budget. */
export interface EmbedderServiceOptions extends EngineOptions {
  /**
   * The IndexedDB vector cache (the worker passes one; Node/CLI/tests may leave it out or use fake-indexeddb).
   * Without it nothing persists: vectors live only in the store.
   */
  cache?: EmbeddingCache;
  /** Byte budget of the vector store (default 768 MB). */
  budgetBytes?: number;
}

/** A split's samples as the page sent them once: refs, texts and their hashes (the cache keys). */
interface SplitRows {
  refs: SampleRef[];
  texts: string[];
  hashes: string[];
  byKey: Map<string, number>;
}

/** Splits whose rows are remembered (least recently used dropped): their texts are what the store refills from. */
const MAX_SPLITS = 8;

/** Neighbours of a sample: rows of the table generation `generation` (match it against the row index's). */
export interface NeighbourRows {
  generation: number;
  hits: RowHit[];
}

/** A table's row index, tagged with the table generation it describes (a refilled table has a new generation). */
export interface TableRows extends RowIndex {
  generation: number;
}

const splitId = (ref: DatasetRef) => `${ref.dataset}|${ref.contentHash}|${ref.split}`;
const isBlank = (t: string) => t.trim() === '';

/** The façade as a plain class: Vitest and the CLI construct it directly; the worker shim exposes one instance. */
export class EmbedderService {
  readonly engine: EmbeddingEngine;
  readonly store: VectorStore;
  readonly similarity = new SimilarityService();
  readonly projection = new ProjectionService();
  readonly jobs = new Jobs();
  private readonly splits = new Map<string, SplitRows>();
  private readonly filling = new Map<string, Promise<VectorTable>>();
  private readonly generations = new WeakMap<VectorTable, number>();
  private generation = 0;

  constructor(private readonly opts: EmbedderServiceOptions = {}) {
    this.engine = new EmbeddingEngine(opts);
    this.store = new VectorStore({ budgetBytes: opts.budgetBytes });
  }

  private get cache(): EmbeddingCache | undefined {
    return this.opts.cache;
  }

  /** Changes the device preference (bench, UI); the next load uses it. */
  configure(patch: Pick<EmbedderServiceOptions, 'device' | 'numThreads'>): Promise<void> {
    return this.engine.configure(patch);
  }

  /** Loads `model` once (shared promise); a failed load is forgotten, so a retry reloads. */
  load(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
    return this.engine.load(model, onProgress, files);
  }

  /** Stops job `jobId` (embedding, coverage, projection, …) before its next unit of work; it rejects with `EmbedCancelled`. */
  cancel(jobId: string): void {
    this.jobs.cancel(jobId);
  }

  /**
   * Embeds `texts` without the cache or the store (CLI `embed`, bench): n × dim in input order, empty texts as zero
   * rows. Long texts follow the model's `longTexts` setting.
   */
  async embed(d: ModelDescriptor, texts: string[], opts: EmbedOptions = {}, onProgress?: (p: EmbedProgress) => void): Promise<EmbedResult> {
    return this.jobs.run(opts.jobId, async (signal) => {
      const info = await this.engine.load(d);
      const vectors = new Float32Array(texts.length * info.dim);
      const truncated: TruncatedText[] = [];
      const chunked: number[] = [];
      const r = await this.engine.embedStream(d, texts, {
        batchSize: opts.batchSize,
        signal,
        onProgress,
        onBatch: (b) => {
          b.indices.forEach((i, k) => vectors.set(b.vectors.subarray(k * b.dim, (k + 1) * b.dim), i * b.dim));
          truncated.push(...b.truncated);
          chunked.push(...b.chunked);
        },
      });
      truncated.sort((a, b) => a.index - b.index);
      chunked.sort((a, b) => a - b);
      const empty = texts.flatMap((t, i) => (isBlank(t) ? [i] : []));
      const result: EmbedResult = { vectors, n: texts.length, dim: r.dim, truncated, chunked, empty, ms: r.ms, device: r.device };
      return transfer(result, [vectors.buffer]);
    });
  }

  /**
   * Remembers one split's samples (every system; `key` = `sampleKey`), sent once per (dataset, split) — not per
   * model, not per call. Tables of this split are filled from the cache by these texts' hashes.
   */
  putRows(ref: DatasetRef, rows: SampleText[]): void {
    const id = splitId(ref);
    const refs: SampleRef[] = [];
    const texts: string[] = [];
    const byKey = new Map<string, number>();
    for (const r of rows) {
      const a = parseSampleKey(r.key);
      if (!a || byKey.has(r.key)) continue;
      byKey.set(r.key, refs.length);
      refs.push(a);
      texts.push(r.text);
    }
    this.splits.delete(id);
    this.splits.set(id, { refs, texts, hashes: texts.map(hashText), byKey });
    while (this.splits.size > MAX_SPLITS) this.splits.delete(this.splits.keys().next().value!);
  }

  /** Whether the worker knows the split's samples (else the page sends them with {@link putRows}). */
  hasRows(ref: DatasetRef): boolean {
    return this.splits.has(splitId(ref));
  }

  private rowsOf(ref: DatasetRef): SplitRows {
    const id = splitId(ref);
    const r = this.splits.get(id);
    if (!r) throw embedError('RowsNeeded', `The embedder has not been sent the samples of ${id}.`);
    this.splits.delete(id);
    this.splits.set(id, r);
    return r;
  }

  /**
   * The table of `key`: from the store, else filled from the IndexedDB vector cache by the split's text hashes
   * (concurrent calls share one fill). Rejects with `RowsNeeded` when the split's samples were never sent. Services
   * over the store (similarity, projection) start from here.
   */
  async requireTable(key: TableKey): Promise<VectorTable> {
    const held = this.store.get(key);
    if (held) return held;
    const split = this.rowsOf(key);
    const id = `${splitId(key)}|${key.model}`;
    const pending = this.filling.get(id);
    if (pending) return pending;
    const fill = (async () => {
      const table = this.store.open(key);
      this.generations.set(table, ++this.generation);
      if (this.cache) {
        const want = split.texts.flatMap((t, i) => (isBlank(t) ? [] : [i]));
        const got = await this.cache.getMany(key.model, want.map((i) => split.hashes[i]!));
        const found: { ref: SampleRef; vector: Float32Array }[] = [];
        got.forEach((v, k) => v && found.push({ ref: split.refs[want[k]!]!, vector: v }));
        table.upsert(found);
      }
      return table;
    })();
    this.filling.set(id, fill);
    try {
      return await fill;
    } finally {
      this.filling.delete(id);
    }
  }

  /** The table's generation: changes when an evicted table is refilled (row ids then differ). */
  private generationOf(t: VectorTable): number {
    let g = this.generations.get(t);
    if (g === undefined) this.generations.set(t, (g = ++this.generation));
    return g;
  }

  /**
   * Per-system share of the split's samples with vectors under `model` (a `modelKey`), read from the cache into the
   * store. Never loads a model. `rows`, when given, are remembered first (as {@link putRows}).
   */
  async status(ref: DatasetRef, model: string, rows?: SampleText[]): Promise<EmbeddedShare[]> {
    if (rows) this.putRows(ref, rows);
    const split = this.rowsOf(ref);
    const table = await this.requireTable({ ...ref, model });
    const by = new Map<string, EmbeddedShare>();
    split.refs.forEach((r, i) => {
      const c = by.get(r.system) ?? by.set(r.system, { system: r.system, samples: 0, empty: 0, embedded: 0 }).get(r.system)!;
      c.samples++;
      if (isBlank(split.texts[i]!)) c.empty++;
      else if (table.has(r)) c.embedded++;
    });
    return [...by.values()];
  }

  /** The row index of (ref, model), transferred: sent once per table; later results name rows by id. */
  async rowIndex(ref: DatasetRef, model: string): Promise<TableRows> {
    const t = await this.requireTable({ ...ref, model });
    const ix = t.rowIndex();
    return transfer({ ...ix, generation: this.generationOf(t) }, [ix.prompt.buffer, ix.sample.buffer, ix.system.buffer]);
  }

  /**
   * Embeds the split's samples (of `opts.systems`, default all) cache-first: only misses reach the model (loaded
   * only if there are any). Each finished batch is written through to the cache and the store before the next
   * starts, so a cancel or reload keeps every finished batch and the next run resumes from there; a full disk
   * rejects with `EmbeddingCacheFullError` at the first batch. A run record per system is stored at the end.
   */
  async embedDataset(
    ref: DatasetRef,
    d: ModelDescriptor,
    opts: EmbedOptions & { files?: ModelFiles; systems?: string[] } & JobOptions = {},
    onProgress?: (p: EmbedProgress) => void,
  ): Promise<EmbedCounts> {
    return this.jobs.run(opts.jobId, async (signal) => {
      const t0 = performance.now();
      const key = modelKey(d);
      const split = this.rowsOf(ref);
      const wanted = opts.systems ? new Set(opts.systems) : null;
      const rows = split.refs.flatMap((r, i) => (wanted && !wanted.has(r.system) ? [] : [i]));
      const table = await this.requireTable({ ...ref, model: key });
      const empty = rows.filter((i) => isBlank(split.texts[i]!)).length;
      const misses = rows.filter((i) => !isBlank(split.texts[i]!) && !table.has(split.refs[i]!));
      const hits = rows.length - misses.length - empty;
      let engine: EngineInfo | null = null;
      const truncated = new Set<number>();
      const chunked = new Set<number>();
      const computed = new Set<number>();
      if (misses.length) {
        engine = await this.engine.load(d, onProgress, opts.files);
        await this.engine.embedStream(
          d,
          misses.map((i) => split.texts[i]!),
          {
            batchSize: opts.batchSize,
            signal,
            onProgress: onProgress && ((p) => onProgress({ ...p, done: p.done + hits + empty, total: rows.length })),
            onBatch: async (b) => {
              const entries = b.indices.map((m, k) => {
                const i = misses[m]!;
                return { ref: split.refs[i]!, hash: split.hashes[i]!, vector: b.vectors.slice(k * b.dim, (k + 1) * b.dim) };
              });
              try {
                await this.cache?.putMany(key, entries);
              } catch (e) {
                throw e instanceof EmbeddingCacheFullError ? new EmbeddingCacheFullError(e.cause, { saved: hits + computed.size, total: rows.length - empty }) : e;
              }
              table.upsert(entries);
              for (const m of b.indices) computed.add(misses[m]!);
              for (const t of b.truncated) truncated.add(misses[t.index]!);
              for (const m of b.chunked) chunked.add(misses[m]!);
            },
          },
        );
      }
      const ms = performance.now() - t0;
      onProgress?.({ phase: 'embedding', done: rows.length, total: rows.length, elapsedMs: ms, etaMs: 0 });
      if (this.cache) await this.recordRuns(ref, d, rows.map((i) => split.refs[i]!), rows, computed, truncated, ms, engine ?? this.engine.lastInfo);
      return { n: rows.length, computed: computed.size, fromCache: hits, truncated: truncated.size, chunked: chunked.size, empty, dim: table.dim, ms, engine };
    });
  }

  /** One run record per system, with exact computed/truncated counts and the time apportioned by size. */
  private async recordRuns(ref: DatasetRef, d: ModelDescriptor, refs: SampleRef[], rows: number[], computed: Set<number>, truncated: Set<number>, ms: number, engine: EngineInfo | null): Promise<void> {
    const by = new Map<string, EmbedRun>();
    const at = Date.now();
    refs.forEach((r, k) => {
      const run = by.get(r.system) ?? by.set(r.system, {
        dataset: ref.dataset, split: ref.split, system: r.system, model: modelKey(d), modelLabel: d.label,
        count: 0, computed: 0, truncated: 0, ms: 0, device: engine?.device ?? 'wasm', threads: engine?.threads ?? 1, at,
      }).get(r.system)!;
      run.count++;
      if (computed.has(rows[k]!)) run.computed++;
      if (truncated.has(rows[k]!)) run.truncated++;
    });
    for (const run of by.values()) {
      run.ms = (ms * run.count) / Math.max(1, refs.length);
      await this.cache!.putRun(run);
    }
  }

  /**
   * Top-k cosine neighbours of `sample` among (ref, model)'s vectors, best first, as rows of the table generation
   * returned; the sample itself and all-zero rows never match. Null when the sample has no vector.
   */
  async neighbours(ref: DatasetRef, model: string, sample: SampleRef | string, k: number, scope: NeighbourScope = 'split'): Promise<NeighbourRows | null> {
    const t = await this.requireTable({ ...ref, model });
    const q = t.rowOf(sample);
    if (q === undefined) return null;
    return { generation: this.generationOf(t), hits: this.similarity.neighbours(t, q, k, scope) };
  }

  /** The per-system semantic table of (ref, model) (see `SimilarityService.semanticTable`); only aggregates cross. */
  async semanticTable(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }): Promise<SemanticRow[]> {
    return this.similarity.semanticTable(await this.requireTable({ ...ref, model }), opts);
  }

  /**
   * The per-prompt values behind {@link semanticTable} (core `semanticDistributions`: their means are the table's), for
   * the Findings charts' spread over prompts; `systems` defaults to every system with a vector, sorted.
   */
  async semanticDistributions(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }): Promise<SemanticDistribution[]> {
    const e = this.similarity.samples(await this.requireTable({ ...ref, model }));
    return semanticDistributions(e, opts.systems ?? [...new Set(e.rows.map((r) => r.system))].sort(), opts);
  }

  /** {@link semanticTable} for one prompt, with each system's meaning clusters (groups of sample indices). */
  async semanticForPrompt(ref: DatasetRef, model: string, prompt: number, systems: string[], opts: SemanticOptions): Promise<PromptSemanticRow[]> {
    return this.similarity.promptSemantic(await this.requireTable({ ...ref, model }), prompt, systems, opts);
  }

  /** Heatmap tile: cosine of every pair of `rowIds` (rows of the current generation), `m × m` row-major, transferred. */
  async heatmapTile(ref: DatasetRef, model: string, rowIds: Int32Array): Promise<Float32Array> {
    const tile = this.similarity.heatmapTile(await this.requireTable({ ...ref, model }), rowIds);
    return transfer(tile, [tile.buffer]);
  }

  /** System × system mean similarity of one prompt (diagonal = self-similarity), transferred. */
  async systemMatrix(ref: DatasetRef, model: string, prompt: number, systems: string[]): Promise<SystemMatrix> {
    const m = this.similarity.systemMatrix(await this.requireTable({ ...ref, model }), prompt, systems);
    return transfer(m, [m.mean.buffer]);
  }

  /**
   * A 2-D map of every sample of (ref, model) with a vector (projection service): PCA or UMAP, clusters at the
   * threshold, cluster words; while an embedding job runs it maps the rows ready so far (cached per table version).
   * Arrays are transferred; `cancel(opts.jobId)` stops it.
   */
  async projectSplit(ref: DatasetRef, model: string, params: ProjectionParams, opts: JobOptions = {}, onProgress?: (p: ProjectionProgress) => boolean | void): Promise<SampleMap> {
    const table = await this.requireTable({ ...ref, model });
    const input = this.projectionInput(ref, table);
    const map = await this.jobs.run(opts.jobId, (signal) => this.projection.mapSamples(table.id, input, params, signal, onProgress));
    return transfer(map, mapBuffers(map));
  }

  /**
   * Clusters of every sample of (ref, model) with a vector, in the row order of {@link projectSplit}'s map of the same
   * table version (labels transferred). Leader clustering of a whole split is slow at high thresholds, so the corpus map
   * asks for it only when colouring by cluster.
   */
  async clusterSplit(ref: DatasetRef, model: string, threshold: number, opts: JobOptions = {}, onProgress?: (p: ProjectionProgress) => boolean | void): Promise<{ labels: Int32Array; clusterWords: string[][]; message: string | null }> {
    const table = await this.requireTable({ ...ref, model });
    const input = this.projectionInput(ref, table);
    const c = await this.jobs.run(opts.jobId, (signal) => this.projection.clusters(input, { threshold, seed: 42 }, signal, onProgress));
    return transfer({ labels: c.labels, clusterWords: c.clusterWords, message: c.message }, [c.labels.buffer]);
  }

  /**
   * One prompt's joint map of `systems`' samples (one projection fitted on their union), the sample × sample cosine
   * heatmap grouped by system and the system × system mean-similarity matrix. Arrays are transferred.
   */
  async projectPrompt(ref: DatasetRef, model: string, prompt: number, systems: string[], params: ProjectionParams, opts: JobOptions = {}, onProgress?: (p: ProjectionProgress) => boolean | void): Promise<PromptMap> {
    const table = await this.requireTable({ ...ref, model });
    const input = this.projectionInput(ref, table, (r) => r.prompt === prompt);
    const map = await this.jobs.run(opts.jobId, (signal) => this.projection.promptMap(`${table.id}\u0000${prompt}`, input, systems, params, signal, onProgress));
    return transfer(map, mapBuffers(map));
  }

  /**
   * Which sentences of one base sample the other sample covers (drill-down coverage view): sentences embedded
   * cache-first with `d` (the model loads only for new sentences). Rejects with `RowsNeeded` like the others.
   */
  async sentenceCoverage(ref: DatasetRef, d: ModelDescriptor, base: SampleRef, other: SampleRef, threshold: number): Promise<SentenceMatch[]> {
    const split = this.rowsOf(ref);
    const text = (r: SampleRef) => split.texts[split.byKey.get(sampleKey(r)) ?? -1] ?? '';
    return sentenceMatches(text(base), text(other), (texts) => this.embedCached(d, texts), threshold);
  }

  /** Rows of `table` passing `keep` with a direction (not all zero), with their texts, as projection input. */
  private projectionInput(ref: DatasetRef, table: VectorTable, keep: (r: SampleRef) => boolean = () => true): ProjectionInput {
    const split = this.rowsOf(ref);
    const ids: number[] = [];
    const refs: SampleRef[] = [];
    for (let i = 0; i < table.n; i++) {
      const r = table.ref(i);
      if (!keep(r) || table.isZero(i)) continue;
      ids.push(i);
      refs.push(r);
    }
    return {
      vectors: { data: table.gather(ids), n: ids.length, dim: table.dim },
      refs,
      texts: refs.map((r) => split.texts[split.byKey.get(sampleKey(r)) ?? -1] ?? ''),
      version: `${this.generationOf(table)}:${table.version}`,
    };
  }

  /**
   * Sentence coverage of `base`'s samples by `aligned`'s for one prompt (core `systemCoverage`); sentences are embedded
   * cache-first with `d` (keyed by text hash), loading the model only for misses.
   */
  async coverageForPrompt(ref: DatasetRef, d: ModelDescriptor, prompt: number, base: string, aligned: string, threshold: number): Promise<Coverage> {
    return this.coverageDataset(ref, d, base, aligned, threshold, { prompts: [prompt] });
  }

  /**
   * {@link coverageForPrompt} over every prompt where both systems have texts (or `opts.prompts`), as a job:
   * progress `done`/`total` = prompts, `cancel(opts.jobId)` stops it between chunks of prompts.
   */
  async coverageDataset(
    ref: DatasetRef,
    d: ModelDescriptor,
    base: string,
    aligned: string,
    threshold: number,
    opts: JobOptions & { prompts?: number[] } = {},
    onProgress?: (p: EmbedProgress) => void,
  ): Promise<Coverage> {
    const split = this.rowsOf(ref);
    const by = new Map<string, { index: number; text: string }[]>();
    split.refs.forEach((r, i) => {
      if (r.system !== base && r.system !== aligned) return;
      const g = `${r.system}\u0000${r.prompt}`;
      (by.get(g) ?? by.set(g, []).get(g)!).push({ index: r.index, text: split.texts[i]! });
    });
    const textsOf = (system: string, p: number) => (by.get(`${system}\u0000${p}`) ?? []).sort((x, y) => x.index - y.index).map((x) => x.text);
    const prompts = opts.prompts ?? [...new Set(split.refs.map((r) => r.prompt))].sort((a, b) => a - b);
    return this.jobs.run(opts.jobId, (signal) =>
      this.similarity.coverage(prompts, textsOf, base, aligned, threshold, (texts) => this.embedCached(d, texts), signal,
        onProgress && ((p) => onProgress({ ...p, phase: 'embedding' }))),
    );
  }

  /** Embeds `texts` (n × dim, input order) cache-first under modelKey(d); only misses reach the model; blanks are zero rows. */
  private async embedCached(d: ModelDescriptor, texts: string[]): Promise<Float32Array> {
    const key = modelKey(d);
    const hashes = texts.map(hashText);
    const got: (Float32Array | undefined)[] = this.cache ? await this.cache.getMany(key, hashes) : texts.map(() => undefined);
    const miss = texts.map((_, i) => i).filter((i) => !got[i] && !isBlank(texts[i]!));
    let dim = got.find((v) => v)?.length ?? 0;
    if (miss.length) {
      const res = await this.embed(d, miss.map((i) => texts[i]!));
      dim = res.dim;
      const fresh = miss.map((i, k) => ({ hash: hashes[i]!, vector: res.vectors.slice(k * dim, (k + 1) * dim) }));
      miss.forEach((i, k) => (got[i] = fresh[k]!.vector));
      await this.cache?.putMany(key, fresh);
    }
    if (dim === 0) dim = (await this.load(d)).dim;
    const out = new Float32Array(texts.length * dim);
    got.forEach((v, i) => v && out.set(v, i * dim));
    return out;
  }

  /** The vectors of (ref, model) as Overton embedding JSONL (`dataset` = `datasetId`, `model` = the model key). */
  async exportJsonl(ref: DatasetRef, model: string, datasetId: string): Promise<string> {
    const t = await this.requireTable({ ...ref, model });
    const rows = Array.from({ length: t.n }, (_, i) => {
      const r = t.ref(i);
      return { dataset: datasetId, system: r.system, prompt: r.prompt, sample: r.index };
    });
    return toEmbeddingJsonl(rows, t.all().data, t.dim, model);
  }

  /** Files vectors under `model` in the cache and, when that table is held (or there is no cache), in the store. */
  private async file(ref: DatasetRef, model: string, entries: { ref: SampleRef; hash: string; vector: Float32Array }[]): Promise<void> {
    await this.cache?.putMany(model, entries);
    const key = { ...ref, model };
    const held = this.store.get(key) ?? (this.cache ? undefined : this.store.open(key));
    held?.upsert(entries);
  }

  /**
   * Imports Overton embedding JSONL: lines of dataset `datasetId` are matched to the split's samples by
   * system/prompt/sample and filed under the file's model key (else `imported:<name>`). Bad lines are reported, not fatal.
   */
  async importJsonl(ref: DatasetRef, file: FileBlob, name: string, datasetId: string, rows?: SampleText[]): Promise<EmbedImportReport> {
    if (rows) this.putRows(ref, rows);
    const split = this.rowsOf(ref);
    const table = parseEmbeddingJsonl(new TextDecoder().decode(await file.arrayBuffer()), name);
    const model = table.models[0] ?? `imported:${name}`;
    const entries: { ref: SampleRef; hash: string; vector: Float32Array }[] = [];
    table.rows.forEach((r, i) => {
      const k = sampleKey({ system: r.system, prompt: r.prompt, index: r.sample });
      const at = r.dataset === datasetId ? split.byKey.get(k) : undefined;
      if (at !== undefined) entries.push({ ref: split.refs[at]!, hash: split.hashes[at]!, vector: table.vectors.slice(i * table.dim, (i + 1) * table.dim) });
    });
    await this.file(ref, model, entries);
    const problems = table.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
    return { stored: entries.length, unmatched: table.n - entries.length, model, problems };
  }

  /** Imports a paper `.npz` (vectors by string): filed under `npz:<model>` by text hash, matching any sample with that text. */
  async importNpz(ref: DatasetRef, file: FileBlob, name: string, rows?: SampleText[]): Promise<EmbedImportReport> {
    if (rows) this.putRows(ref, rows);
    const split = this.rowsOf(ref);
    const p = paperEmbeddingsFromNpz(new Uint8Array(await file.arrayBuffer()), name);
    const model = `npz:${p.model ?? name}`;
    const vec = (i: number) => p.vectors.slice(i * p.dim, (i + 1) * p.dim);
    const byHash = new Map(p.texts.map((t, i) => [hashText(t), i]));
    await this.cache?.putMany(model, p.texts.map((t, i) => ({ hash: hashText(t), vector: vec(i) })));
    const matched = split.hashes.flatMap((h, k) => {
      const i = byHash.get(h);
      return i === undefined ? [] : [{ ref: split.refs[k]!, vector: vec(i) }];
    });
    const held = this.store.get({ ...ref, model }) ?? (this.cache ? undefined : this.store.open({ ...ref, model }));
    held?.upsert(matched);
    return { stored: p.texts.length, unmatched: p.n - p.texts.length, model, problems: [] };
  }

  /** Recorded runs of a dataset (workspace key), newest first; empty without a cache. */
  async runs(dataset: string): Promise<EmbedRun[]> {
    return this.cache ? this.cache.runs(dataset) : [];
  }

  /** Distinct cached vectors (one per model and distinct text, all datasets) and their bytes. */
  async cacheSize(): Promise<{ entries: number; bytes: number }> {
    return this.cache ? this.cache.size() : { entries: 0, bytes: 0 };
  }

  /** Deletes every cached vector and run record and drops the store's tables. */
  async clearCache(): Promise<void> {
    this.store.clear();
    await this.cache?.clear();
  }

  /** Releases the ONNX session. */
  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}
