// The page's handle on the embedder worker (lazy singleton, recreated after a crash). The worker owns the vector cache and the vectors; the page gets counts, neighbours and export text.

import { proxy, type Remote } from 'comlink';
import {
  isEmbedError,
  modelKey,
  type DatasetRef,
  type EmbedCounts,
  type EmbedImportReport,
  type EmbedProgress,
  type EngineInfo,
  type ModelDescriptor,
  type ModelFiles,
  type Neighbour,
  type NeighbourScope,
  type SampleText,
  type SystemCoverage,
} from '../core/embed/embedder';
import type { Coverage, PromptSemanticRow, SemanticOptions, SemanticRow } from '../core/metrics/semantic';
import type { SemanticDistribution } from '../core/metrics/semantic-distributions';
import type { EmbedderService } from '../workers/services/embedder-service';
import type { EmbedRun } from '../workers/services/embedding-cache';
import { lazyWorker } from './worker-handle';

export type { EmbedRun };

const embedder = lazyWorker<EmbedderService>('embedding', () => new Worker(new URL('../workers/embedder.worker.ts', import.meta.url), { type: 'module', name: 'embedder' }));
const call = embedder.call;

/** The remote service itself, for the bench hook. */
export function embedderRemote(): Remote<EmbedderService> {
  return embedder.get().remote;
}

/** Terminates the worker (frees the model and the held vectors); the next call starts a new one. */
export function resetEmbedder(): void {
  embedder.reset();
}

/** Loads a model in the worker (once), reporting download/compile progress. */
export function loadModel(model: ModelDescriptor, onProgress?: (p: EmbedProgress) => void, files?: ModelFiles): Promise<EngineInfo> {
  return call((r) => r.load(model, onProgress ? proxy(onProgress) : undefined, files));
}

/** Per-system coverage of a split under `model` (a `modelKey`); the worker reads its cache and holds the vectors. */
export function fetchCoverage(ref: DatasetRef, model: string, rows: SampleText[]): Promise<SystemCoverage[]> {
  return call((r) => r.status(ref, model, rows));
}

let jobs = 0;

/**
 * Embeds `rows` cache-first in the worker (only misses reach the model; new vectors are cached there). Aborting
 * `signal` cancels the job. Rejects with `EmbeddingCacheFullError` when storage is full.
 */
export async function embedDataset(
  ref: DatasetRef,
  model: ModelDescriptor,
  rows: SampleText[],
  opts: { onProgress?: (p: EmbedProgress) => void; signal?: AbortSignal; batchSize?: number; files?: ModelFiles } = {},
): Promise<EmbedCounts> {
  opts.signal?.throwIfAborted();
  const jobId = `job-${++jobs}`;
  const onAbort = () => void call((r) => r.cancel(jobId));
  opts.signal?.addEventListener('abort', onAbort);
  try {
    return await call((r) =>
      r.embedDataset(ref, model, rows, { jobId, batchSize: opts.batchSize, files: opts.files }, opts.onProgress ? proxy(opts.onProgress) : undefined),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Runs `fn`; when the worker holds other vectors (fresh worker, other model), hands it the rows and retries once. */
async function withHeld<T>(ref: DatasetRef, model: string, rows: () => Promise<SampleText[]>, fn: (r: Remote<EmbedderService>) => Promise<T>): Promise<T> {
  try {
    return await call(fn);
  } catch (e) {
    if (!isEmbedError(e, 'VectorsNotHeld')) throw e;
    const all = await rows();
    await call((r) => r.status(ref, model, all));
    return call(fn);
  }
}

/** Top-k neighbours `{sampleKey, cosine}` of one sample, computed in the worker; null when it is not embedded. */
export function fetchNeighbours(ref: DatasetRef, model: string, key: string, k: number, scope: NeighbourScope, rows: () => Promise<SampleText[]>): Promise<Neighbour[] | null> {
  return withHeld(ref, model, rows, (r) => r.neighbours(ref, model, key, k, scope));
}

/** The split's vectors under `model` as an Overton embedding JSONL file, built in the worker. */
export async function exportEmbeddings(ref: DatasetRef, model: string, datasetId: string, rows: () => Promise<SampleText[]>): Promise<Blob> {
  const text = await withHeld(ref, model, rows, (r) => r.exportJsonl(ref, model, datasetId));
  return new Blob([text], { type: 'application/x-ndjson' });
}

/** Imports an Overton JSONL or paper `.npz` file into the worker's cache (the file itself crosses, not its vectors). */
export function importEmbeddings(ref: DatasetRef, file: File, datasetId: string, rows: SampleText[]): Promise<EmbedImportReport> {
  return call((r) => (file.name.endsWith('.npz') ? r.importNpz(ref, file, file.name, rows) : r.importJsonl(ref, file, file.name, datasetId, rows)));
}

/** The per-system semantic table of a split's held vectors under `model` (a `modelKey`), computed in the worker. */
export function fetchSemanticTable(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }, rows: () => Promise<SampleText[]>): Promise<SemanticRow[]> {
  return withHeld(ref, model, rows, (r) => r.semanticTable(ref, model, opts));
}

/** One prompt's semantic figures and meaning clusters for `systems` (zero counts where a system is not embedded). */
export function fetchPromptSemantic(ref: DatasetRef, model: string, prompt: number, systems: string[], opts: SemanticOptions, rows: () => Promise<SampleText[]>): Promise<PromptSemanticRow[]> {
  return withHeld(ref, model, rows, (r) => r.semanticForPrompt(ref, model, prompt, systems, opts));
}

/**
 * Sentence coverage of `base`'s samples by `aligned`'s for one prompt; the worker embeds the sentences (cache-first,
 * loading `model` if some are new). Slow the first time (seconds), instant from the cache.
 */
export function fetchPromptCoverage(ref: DatasetRef, model: ModelDescriptor, prompt: number, base: string, aligned: string, threshold: number, rows: () => Promise<SampleText[]>): Promise<Coverage> {
  return withHeld(ref, modelKey(model), rows, (r) => r.coverageForPrompt(ref, model, prompt, base, aligned, threshold));
}

/** Per-prompt semantic figures of a split's held vectors under `model` (a `modelKey`), for the Findings charts. */
export function fetchSemanticDistributions(ref: DatasetRef, model: string, opts: SemanticOptions & { systems?: string[] }, rows: () => Promise<SampleText[]>): Promise<SemanticDistribution[]> {
  return withHeld(ref, model, rows, (r) => r.semanticDistributions(ref, model, opts));
}

/**
 * Sentence coverage of `base` by `aligned` over every prompt of the split (the worker's `coverageDataset`: sentences
 * embedded cache-first, model loaded for misses); progress per prompt chunk, aborting `signal` cancels the job.
 */
export async function fetchDatasetCoverage(
  ref: DatasetRef,
  model: ModelDescriptor,
  base: string,
  aligned: string,
  threshold: number,
  rows: () => Promise<SampleText[]>,
  opts: { signal?: AbortSignal; onProgress?: (p: EmbedProgress) => void } = {},
): Promise<Coverage> {
  opts.signal?.throwIfAborted();
  const jobId = `coverage-${++jobs}`;
  const onAbort = () => void call((r) => r.cancel(jobId));
  opts.signal?.addEventListener('abort', onAbort);
  try {
    return await withHeld(ref, modelKey(model), rows, (r) =>
      r.coverageDataset(ref, model, base, aligned, threshold, { jobId }, opts.onProgress ? proxy(opts.onProgress) : undefined),
    );
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Recorded embedding runs of a dataset (workspace key), newest first. */
export function fetchRuns(dataset: string): Promise<EmbedRun[]> {
  return call((r) => r.runs(dataset));
}

/** Entries and bytes in the whole embedding cache. */
export function fetchCacheSize(): Promise<{ entries: number; bytes: number }> {
  return call((r) => r.cacheSize());
}

/** Clears the embedding cache and the worker's held vectors. */
export function clearEmbeddingCache(): Promise<void> {
  return call((r) => r.clearCache());
}
