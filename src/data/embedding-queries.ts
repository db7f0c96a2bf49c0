// Query options for the embedder worker's counts, runs, cache size and neighbours, shared by every view (the semantic measures are in semantic-queries.ts).

import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { modelKey, sampleKey, type EmbeddedShare, type ModelDescriptor, type NeighbourScope } from '../core/embed/embedder';
import type { SampleRef } from '../core/model/sample-ref';
import { fetchCacheSize, fetchEmbeddedShares, fetchNeighbours, fetchRuns } from './embedder-client';
import { refOf, sent, splitRows, type TextRow } from './embedding-rows';
import { keys } from './keys';
import type { DatasetMeta } from './workspace';

/**
 * Per-system share of a split's samples with vectors under `model`, one entry per system of the split (systems whose
 * samples all failed get zeros). Counted the same way everywhere (see `EmbeddedShare`).
 */
export const embeddedSharesQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor) =>
  queryOptions({
    queryKey: keys.embeddingStatus(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model)),
    enabled: meta !== undefined,
    queryFn: async (): Promise<EmbeddedShare[]> => {
      if (!meta) return [];
      const got = await fetchEmbeddedShares(refOf(meta, split), modelKey(model), async () => sent(await splitRows(qc, meta, split)));
      return (meta.systemsBySplit[split] ?? []).map((system) => got.find((c) => c.system === system) ?? { system, samples: 0, empty: 0, embedded: 0 });
    },
  });

/** Recorded runs of a dataset (model, duration, device), newest first. */
export const runsQuery = (datasetKey: string) => queryOptions({ queryKey: keys.embeddingRuns(datasetKey), queryFn: () => fetchRuns(datasetKey) });

/** Distinct cached vectors and bytes of the whole embedding cache. */
export const cacheSizeQuery = () => queryOptions({ queryKey: keys.embeddingCacheSize(), queryFn: fetchCacheSize });

/** One neighbour with the sample it names. */
export interface NeighbourRow extends TextRow {
  cosine: number;
}

/** A neighbour query's answer: the query sample (with its text, null when it has none) and its neighbours (null = not embedded). */
export interface NeighboursResult {
  query: TextRow | null;
  neighbours: NeighbourRow[] | null;
}

/** Top-k neighbours of one sample, from the worker, with the texts of the query and of each neighbour. */
export const neighboursQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, target: SampleRef | null, k: number, scope: NeighbourScope) =>
  queryOptions({
    queryKey: keys.embeddingNeighbours(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), target ? sampleKey(target) : '', k, scope),
    enabled: meta !== undefined && target !== null,
    queryFn: async (): Promise<NeighboursResult> => {
      if (!meta || !target) return { query: null, neighbours: null };
      const all = await splitRows(qc, meta, split);
      const byKey = new Map(all.map((r) => [r.key, r]));
      const got = await fetchNeighbours(refOf(meta, split), modelKey(model), target, k, scope, async () => sent(all));
      const query = byKey.get(sampleKey(target)) ?? null;
      if (!got) return { query, neighbours: null };
      return {
        query,
        neighbours: got.flatMap((n) => {
          const r = byKey.get(sampleKey(n.ref));
          return r ? [{ ...r, cosine: n.cosine }] : [];
        }),
      };
    },
  });
