// Query options of the Findings view's semantic figures (embedder worker): per-prompt distributions and dataset-wide sentence coverage.

import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { modelKey, type EmbedProgress, type ModelDescriptor } from '../core/embed/embedder';
import type { Coverage } from '../core/metrics/semantic';
import type { SemanticDistribution } from '../core/metrics/semantic-distributions';
import { fetchDatasetCoverage, fetchSemanticDistributions } from './embedder-client';
import { refOf, sent, splitRows, teachersOf } from './embedding-rows';
import { keys } from './keys';
import type { DatasetMeta } from './workspace';

/**
 * Per-prompt semantic figures of every system of a split under `model` (systems without vectors get an empty
 * `perPrompt`, so a view can say which ones to embed). Deterministic per content, model and threshold.
 */
export const semanticDistributionsQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, threshold: number) =>
  queryOptions({
    queryKey: keys.semanticDistributions(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), threshold),
    enabled: meta !== undefined,
    staleTime: Infinity,
    queryFn: async (): Promise<SemanticDistribution[]> => {
      if (!meta) return [];
      const rows = async () => sent(await splitRows(qc, meta, split));
      const systems = [...(meta.systemsBySplit[split] ?? [])].sort();
      return fetchSemanticDistributions(refOf(meta, split), modelKey(model), { threshold, teachers: teachersOf(meta), systems }, rows);
    },
  });

/**
 * Dataset-wide sentence coverage of `base` by `aligned` (paper §5). Slow the first time (every sentence of both
 * systems is embedded), so views enable it on demand; `onProgress` reports prompt chunks, the query's signal cancels.
 */
export const datasetCoverageQuery = (
  qc: QueryClient,
  meta: DatasetMeta | undefined,
  split: string,
  model: ModelDescriptor,
  base: string,
  aligned: string,
  threshold: number,
  enabled: boolean,
  onProgress?: (p: EmbedProgress) => void,
) =>
  queryOptions({
    queryKey: keys.datasetCoverage(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), base, aligned, threshold),
    enabled: enabled && meta !== undefined,
    staleTime: Infinity,
    retry: false,
    queryFn: async ({ signal }): Promise<Coverage> => {
      if (!meta) throw new Error('No dataset is open.');
      const rows = async () => sent(await splitRows(qc, meta, split));
      return fetchDatasetCoverage(refOf(meta, split), model, base, aligned, threshold, rows, { signal, onProgress });
    },
  });
