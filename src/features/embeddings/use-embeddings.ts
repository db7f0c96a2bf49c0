// Mutations and hooks of the Embeddings panel: embed (write-through, resumable), clear, import, export, neighbours (the query options live in data/embedding-queries.ts).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { modelKey, type ModelDescriptor, type NeighbourScope } from '../../core/embed/embedder';
import type { SampleRef } from '../../core/model/sample-ref';
import { clearEmbeddingCache, embedDataset, exportEmbeddings, importEmbeddings } from '../../data/embedder-client';
import { embeddedSharesQuery, neighboursQuery } from '../../data/embedding-queries';
import { refOf, sent, splitRows } from '../../data/embedding-rows';
import { keys } from '../../data/keys';
import type { DatasetMeta } from '../../data/workspace';
import { useEmbeddingsStore } from './store';

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
      // Counts grow as batches are written through, so the table refreshes every couple of seconds while a job runs.
      let shown = 0;
      const onProgress = (p: Parameters<typeof store.jobProgressed>[0]) => {
        store.jobProgressed(p);
        if (p.phase === 'embedding' && performance.now() - shown > 2000) {
          shown = performance.now();
          void qc.invalidateQueries({ queryKey: keys.embeddingStatus(meta.key, meta.contentHash, split, modelKey(model)) });
        }
      };
      try {
        const rows = async () => sent(await splitRows(qc, meta, split));
        const res = await embedDataset(refOf(meta, split), model, systems, rows, { signal: ctrl.signal, onProgress, files: store.files });
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
      return importEmbeddings(refOf(meta, split), file, meta.datasetId, async () => sent(await splitRows(qc, meta, split)));
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

/**
 * Top-k semantic neighbours (cosine) of one sample among the split's embedded samples, with the query sample's own
 * text; `neighbours` null when it is not embedded. `embedded` counts the split's samples with vectors, as everywhere.
 */
export function useNeighbours(meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, target: SampleRef | null, k = 10, scope: NeighbourScope = 'split') {
  const qc = useQueryClient();
  const q = useQuery(neighboursQuery(qc, meta, split, model, target, k, scope));
  const shares = useQuery(embeddedSharesQuery(qc, meta, split, model));
  const embedded = shares.data?.reduce((s, c) => s + c.embedded, 0) ?? 0;
  return { query: q.data?.query ?? null, neighbours: q.data?.neighbours ?? null, shares: shares.data, embedded, isPending: q.isPending, error: q.error };
}
