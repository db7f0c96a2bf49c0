// The page's handle on the embedder worker (lazy singleton, recreated after a crash). The worker owns the vector cache, the store and the vectors; the page names tables by key and gets counts, row indexes and {row, cosine}.

import { proxy, type Remote } from 'comlink';
import {
  isEmbedError,
  tableId,
  type DatasetRef,
  type EmbedCounts,
  type EmbedImportReport,
  type EmbedProgress,
  type EmbeddedShare,
  type EngineInfo,
  type ModelDescriptor,
  type ModelFiles,
  type NeighbourScope,
  type SampleText,
} from '../core/embed/embedder';
import { rowRef } from '../core/embed/row-index';
import type { SampleRef } from '../core/model/sample-ref';
import type { Coverage, PromptSemanticRow, SemanticOptions, SemanticRow } from '../core/metrics/semantic';
import type { SemanticDistribution } from '../core/metrics/semantic-distributions';
import type { EmbedderService, SystemMatrix, TableRows } from '../workers/services/embedder-service';
import type { EmbedRun } from '../workers/services/embedding-cache';
import { runJob } from './jobs';
import { lazyWorker } from './worker-handle';

export type { EmbedRun, SystemMatrix, TableRows };

const embedder = lazyWorker<EmbedderService>('embedding', () => new Worker(new URL('../workers/embedder.worker.ts', import.meta.url), { type: 'module', name: 'embedder' }));
const call = embedder.call;

/** Supplies a split's rows (every system's samples with text) when the worker asks for them. */
export type RowsSource = () => Promise<SampleText[]>;

/** The remote service itself, for the bench hook. */
export function embedderRemote(): Remote<EmbedderService> {
  return embedder.get().remote;
}

/** Terminates the worker (frees the model and the store); the next call starts a new one. */
export function resetEmbedder(): void {
  embedder.reset();
  rowIndexes.clear();
}

/** Loads a model in the worker (once), reporting download/compile progress. */
export function loadModel(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
  return call((r) => r.load(model, onProgress ? proxy(onProgress) : undefined, files));
}

/**
 * Runs `fn` on the worker; when the worker does not know the split's samples (a fresh worker) it sends them once
 * with `putRows` and retries. This is the only place rows cross; every other argument is a key.
 */
async function withRows<T>(ref: DatasetRef, rows: RowsSource, fn: (r: Remote<EmbedderService>) => Promise<T>): Promise<T> {
  try {
    return await call(fn);
  } catch (e) {
    if (!isEmbedError(e, 'RowsNeeded')) throw e;
    const all = await rows();
    await call((r) => r.putRows(ref, all));
    return call(fn);
  }
}

/** Per-system share of a split's samples with vectors under `model` (a `modelKey`); the worker reads its cache. */
export function fetchEmbeddedShares(ref: DatasetRef, model: string, rows: RowsSource): Promise<EmbeddedShare[]> {
  return withRows(ref, rows, (r) => r.status(ref, model));
}

/** Row indexes already received, by table id (replaced when the worker's table generation moves on). */
const rowIndexes = new Map<string, TableRows>();

/** The row index of (ref, model), fetched once per table generation and kept; `fresh` forces a refetch. */
export async function fetchRowIndex(ref: DatasetRef, model: string, rows: RowsSource, fresh = false): Promise<TableRows> {
  const id = tableId(ref, model);
  const got = rowIndexes.get(id);
  if (got && !fresh) return got;
  const ix = await withRows(ref, rows, (r) => r.rowIndex(ref, model));
  rowIndexes.set(id, ix);
  return ix;
}

/** Names rows of table generation `generation` as samples, refetching the row index when it is stale. */
async function refsOf(ref: DatasetRef, model: string, generation: number, ids: readonly number[], rows: RowsSource): Promise<SampleRef[]> {
  let ix = await fetchRowIndex(ref, model, rows);
  if (ix.generation !== generation || ids.some((i) => i >= ix.n)) ix = await fetchRowIndex(ref, model, rows, true);
  return ids.map((i) => rowRef(ix, i));
}

/**
 * Embeds the split's samples of `systems` cache-first in the worker (only misses reach the model; each finished
 * batch is cached there at once). Aborting `signal` cancels the job; the batches finished so far stay cached.
 * Rejects with `EmbeddingCacheFullError` at the first batch when storage is full.
 */
export function embedDataset(
  ref: DatasetRef,
  model: ModelDescriptor,
  systems: string[],
  rows: RowsSource,
  opts: { onProgress?: (p: EmbedProgress) => void; signal?: AbortSignal; batchSize?: number; files?: ModelFiles } = {},
): Promise<EmbedCounts> {
  return runJob(
    (jobId, report) => {
      // One proxy for both attempts of withRows (the RowsNeeded retry reuses it, like the job id).
      const progress = report && proxy(report);
      return withRows(ref, rows, (r) => r.embedDataset(ref, model, { jobId, systems, batchSize: opts.batchSize, files: opts.files }, progress));
    },
    (jobId) => call((r) => r.cancel(jobId)),
    opts.signal,
    'embed',
    opts.onProgress,
  );
}

/** One neighbour as the page shows it: the sample, its row in the table, its cosine. */
export interface SampleHit {
  ref: SampleRef;
  row: number;
  cosine: number;
}

/** Top-k neighbours of one sample, computed in the worker (rows named via the row index); null when it is not embedded. */
export async function fetchNeighbours(ref: DatasetRef, model: string, sample: SampleRef, k: number, scope: NeighbourScope, rows: RowsSource): Promise<SampleHit[] | null> {
  const got = await withRows(ref, rows, (r) => r.neighbours(ref, model, sample, k, scope));
  if (!got) return null;
  const refs = await refsOf(ref, model, got.generation, got.hits.map((h) => h.row), rows);
  return got.hits.map((h, i) => ({ ref: refs[i]!, row: h.row, cosine: h.cosine }));
}

/** Heatmap tile: cosine of every pair of `rowIds` (rows of the current row index), `m × m` row-major. */
export function fetchHeatmapTile(ref: DatasetRef, model: string, rowIds: Int32Array, rows: RowsSource): Promise<Float32Array> {
  return withRows(ref, rows, (r) => r.heatmapTile(ref, model, rowIds));
}

/** System × system mean similarity of one prompt's samples (diagonal = self-similarity). */
export function fetchSystemMatrix(ref: DatasetRef, model: string, prompt: number, systems: string[], rows: RowsSource): Promise<SystemMatrix> {
  return withRows(ref, rows, (r) => r.systemMatrix(ref, model, prompt, systems));
}

/** The split's vectors under `model` as an Overton embedding JSONL file, built in the worker. */
export async function exportEmbeddings(ref: DatasetRef, model: string, datasetId: string, rows: RowsSource): Promise<Blob> {
  const text = await withRows(ref, rows, (r) => r.exportJsonl(ref, model, datasetId));
  return new Blob([text], { type: 'application/x-ndjson' });
}

/** Imports an Overton JSONL or paper `.npz` file into the worker's cache (the file itself crosses, not its vectors). */
export function importEmbeddings(ref: DatasetRef, file: File, datasetId: string, rows: RowsSource): Promise<EmbedImportReport> {
  return withRows(ref, rows, (r) => (file.name.endsWith('.npz') ? r.importNpz(ref, file, file.name) : r.importJsonl(ref, file, file.name, datasetId)));
}

/** The per-system semantic table of a split's vectors under `model` (a `modelKey`), computed in the worker. */
export function fetchSemanticTable(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }, rows: RowsSource): Promise<SemanticRow[]> {
  return withRows(ref, rows, (r) => r.semanticTable(ref, model, opts));
}

/** One prompt's semantic figures and meaning clusters for `systems` (zero counts where a system is not embedded). */
export function fetchPromptSemantic(ref: DatasetRef, model: string, prompt: number, systems: string[], opts: SemanticOptions, rows: RowsSource): Promise<PromptSemanticRow[]> {
  return withRows(ref, rows, (r) => r.semanticForPrompt(ref, model, prompt, systems, opts));
}

/**
 * Sentence coverage of `base`'s samples by `aligned`'s for one prompt; the worker embeds the sentences (cache-first,
 * loading `model` if some are new). Slow the first time (seconds), instant from the cache.
 */
export function fetchPromptCoverage(ref: DatasetRef, model: ModelDescriptor, prompt: number, base: string, aligned: string, threshold: number, rows: RowsSource): Promise<Coverage> {
  return withRows(ref, rows, (r) => r.coverageForPrompt(ref, model, prompt, base, aligned, threshold));
}

/** Per-prompt semantic figures of a split's vectors under `model` (a `modelKey`), for the Findings charts. */
export function fetchSemanticDistributions(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }, rows: RowsSource): Promise<SemanticDistribution[]> {
  return withRows(ref, rows, (r) => r.semanticDistributions(ref, model, opts));
}

/** Sentence coverage over every prompt, as a job (progress in prompts; aborting `signal` cancels it). */
export function fetchDatasetCoverage(
  ref: DatasetRef,
  model: ModelDescriptor,
  base: string,
  aligned: string,
  threshold: number,
  rows: RowsSource,
  opts: { onProgress?: (p: EmbedProgress) => void; signal?: AbortSignal } = {},
): Promise<Coverage> {
  return runJob(
    (jobId, report) => {
      const progress = report && proxy(report);
      return withRows(ref, rows, (r) => r.coverageDataset(ref, model, base, aligned, threshold, { jobId }, progress));
    },
    (jobId) => call((r) => r.cancel(jobId)),
    opts.signal,
    'coverage',
    opts.onProgress,
  );
}

/** Recorded embedding runs of a dataset (workspace key), newest first. */
export function fetchRuns(dataset: string): Promise<EmbedRun[]> {
  return call((r) => r.runs(dataset));
}

/** Distinct cached vectors (one per model and distinct text, all datasets) and their bytes. */
export function fetchCacheSize(): Promise<{ entries: number; bytes: number }> {
  return call((r) => r.cacheSize());
}

/** Clears the embedding cache and the worker's store. */
export async function clearEmbeddingCache(): Promise<void> {
  await call((r) => r.clearCache());
  rowIndexes.clear();
}
