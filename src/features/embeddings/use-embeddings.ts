// Queries and mutations of the Embeddings panel: cache coverage per system, embedding runs, cache size, neighbours, import, export (all computed in the embedder worker).

import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { modelKey, sampleKey, type ModelDescriptor, type NeighbourScope, type SystemCoverage } from '../../core/embed/embedder';
import type { SampleRef } from '../../core/model/sample-ref';
import { clearEmbeddingCache, embedDataset, exportEmbeddings, fetchCacheSize, fetchCoverage, fetchNeighbours, fetchRuns, importEmbeddings } from '../../data/embedder-client';
import { refOf, sent, splitRows, textRows, type TextRow } from '../../data/embedding-rows';
import { keys } from '../../data/keys';
import type { DatasetMeta } from '../../data/workspace';
import { useEmbeddingsStore } from './store';

export type { SystemCoverage };

export type { TextRow };

/** Cache coverage of every system of a split for one model; the worker loads the cached vectors as it counts. */
export const coverageQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor) =>
  queryOptions({
    queryKey: keys.embeddingStatus(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model)),
    enabled: meta !== undefined,
    queryFn: async (): Promise<SystemCoverage[]> => {
      if (!meta) return [];
      const rows = await splitRows(qc, meta, split);
      const got = await fetchCoverage(refOf(meta, split), modelKey(model), sent(rows));
      // Systems whose samples all failed have no rows; list them with zero counts.
      return (meta.systemsBySplit[split] ?? []).map((system) => got.find((c) => c.system === system) ?? { system, texts: 0, cached: 0 });
    },
  });

/** Recorded runs of a dataset (model, duration, device), newest first. */
export const runsQuery = (datasetKey: string) => queryOptions({ queryKey: keys.embeddingRuns(datasetKey), queryFn: () => fetchRuns(datasetKey) });

/** Entries and bytes in the whole embedding cache. */
export const cacheSizeQuery = () => queryOptions({ queryKey: keys.embeddingCacheSize(), queryFn: fetchCacheSize });

// The running job's abort handle lives at module level, not in a ref: the panel unmounts on a tab or dataset switch
// while the job goes on, and the panel that mounts next must still be able to cancel it.
let runningJob: AbortController | null = null;

/** Aborts the running embedding job, if any (whichever panel instance started it). */
export function cancelEmbedding() {
  runningJob?.abort();
}

/**
 * Embeds the samples of `systems` (cache-first, in the worker, which records one run per system).
 * Progress goes to the panel store (`job`, which outlives the panel); `cancelEmbedding()` aborts the running job.
 */
export function useEmbedSystems(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ systems, model }: { systems: string[]; model: ModelDescriptor }) => {
      if (!meta) throw new Error('No dataset is open.');
      const store = useEmbeddingsStore.getState();
      if (store.job) throw new Error('An embedding job is already running; cancel it or wait for it to finish.');
      const ctrl = new AbortController();
      runningJob = ctrl;
      store.jobStarted(`${meta.name}: ${systems.join(', ')}`);
      try {
        const rows = (await Promise.all(systems.map((s) => textRows(qc, meta, split, s)))).flat();
        const res = await embedDataset(refOf(meta, split), model, sent(rows), { signal: ctrl.signal, onProgress: store.jobProgressed, files: store.files });
        store.jobEnded(res.engine);
        return res;
      } catch (e) {
        store.jobEnded(null);
        throw e;
      } finally {
        if (runningJob === ctrl) runningJob = null;
      }
    },
    onSettled: () => {
      if (meta) void qc.invalidateQueries({ queryKey: keys.embeddings(meta.key) });
      void qc.invalidateQueries({ queryKey: keys.embeddingCacheSize() });
    },
  });
}

/** Clears the whole embedding cache. */
export function useClearCache() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: clearEmbeddingCache,
    onSettled: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

/**
 * Imports precomputed embeddings into the worker's cache: Overton JSONL (rows matched to this dataset's samples by
 * system/prompt/sample, stored under the file's model key) or a paper `.npz` (vectors stored by string).
 */
export function useImportEmbeddings(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      if (!meta) throw new Error('No dataset is open.');
      return importEmbeddings(refOf(meta, split), file, meta.datasetId, sent(await splitRows(qc, meta, split)));
    },
    onSettled: () => {
      if (meta) void qc.invalidateQueries({ queryKey: keys.embeddings(meta.key) });
      void qc.invalidateQueries({ queryKey: keys.embeddingCacheSize() });
    },
  });
}

/** Downloads the split's vectors for `model` as Overton embedding JSONL (the file is built in the worker). */
export function useExportEmbeddings(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (model: ModelDescriptor) => {
      if (!meta) throw new Error('No dataset is open.');
      const blob = await exportEmbeddings(refOf(meta, split), modelKey(model), meta.datasetId, async () => sent(await splitRows(qc, meta, split)));
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${meta.datasetId}-${split}-embeddings.jsonl`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 0);
      return blob.size;
    },
  });
}

/** One neighbour with the sample it names. */
export interface NeighbourRow extends TextRow {
  cosine: number;
}

/** Top-k neighbours of one sample, from the worker; `null` when the sample is not embedded with the model. */
export const neighboursQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, target: SampleRef | null, k: number, scope: NeighbourScope) =>
  queryOptions({
    queryKey: keys.embeddingNeighbours(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), target ? sampleKey(target) : '', k, scope),
    enabled: meta !== undefined && target !== null,
    queryFn: async (): Promise<NeighbourRow[] | null> => {
      if (!meta || !target) return null;
      const rows = () => splitRows(qc, meta, split);
      const got = await fetchNeighbours(refOf(meta, split), modelKey(model), sampleKey(target), k, scope, async () => sent(await rows()));
      if (!got) return null;
      const byKey = new Map((await rows()).map((r) => [r.key, r]));
      return got.flatMap((n) => {
        const r = byKey.get(n.sampleKey);
        return r ? [{ ...r, cosine: n.cosine }] : [];
      });
    },
  });

/** Top-k semantic neighbours (cosine) of one sample among the split's embedded samples; null when it is not embedded. */
export function useNeighbours(meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, target: SampleRef | null, k = 10, scope: NeighbourScope = 'split') {
  const qc = useQueryClient();
  const q = useQuery(neighboursQuery(qc, meta, split, model, target, k, scope));
  const coverage = useQuery(coverageQuery(qc, meta, split, model));
  const embedded = coverage.data?.reduce((s, c) => s + c.cached, 0) ?? 0;
  return { neighbours: q.data ?? null, embedded, isPending: q.isPending, error: q.error };
}
