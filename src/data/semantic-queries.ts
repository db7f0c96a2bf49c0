// Query options for the semantic measures (computed in the embedder worker over its held vectors), shared by the Embeddings and Browse views.

import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { modelKey, type ModelDescriptor } from '../core/embed/embedder';
import type { ClusterMethod, Coverage, PromptSemanticRow, SemanticRow } from '../core/metrics/semantic';
import { fetchPromptCoverage, fetchPromptSemantic, fetchSemanticTable } from './embedder-client';
import { refOf, sent, splitRows, teachersOf } from './embedding-rows';
import { keys } from './keys';
import type { DatasetMeta } from './workspace';

/** Per-system semantic table of a split (every system with vectors under `model`); deterministic, never stale. */
export const semanticTableQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, threshold: number, method: ClusterMethod = 'leader') =>
  queryOptions({
    queryKey: keys.semanticTable(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), threshold, method),
    enabled: meta !== undefined,
    staleTime: Infinity,
    queryFn: async (): Promise<SemanticRow[]> => {
      if (!meta) return [];
      const rows = async () => sent(await splitRows(qc, meta, split));
      return fetchSemanticTable(refOf(meta, split), modelKey(model), { threshold, method, teachers: teachersOf(meta) }, rows);
    },
  });

/** One prompt's semantic figures for `systems` (`samples` 0 = not embedded with `model`). */
export const promptSemanticQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, prompt: number | undefined, systems: readonly string[], threshold: number) =>
  queryOptions({
    queryKey: keys.semanticPrompt(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), prompt ?? -1, systems, threshold),
    enabled: meta !== undefined && prompt !== undefined && systems.length > 0,
    staleTime: Infinity,
    queryFn: async (): Promise<PromptSemanticRow[]> => {
      if (!meta || prompt === undefined) return [];
      const rows = async () => sent(await splitRows(qc, meta, split));
      return fetchPromptSemantic(refOf(meta, split), modelKey(model), prompt, [...systems], { threshold, teachers: teachersOf(meta) }, rows);
    },
  });

/**
 * Sentence coverage of `base` by `aligned` on one prompt. Not enabled by default (the first run embeds a few dozen
 * sentences): views fetch it on demand with `enabled`.
 */
export const promptCoverageQuery = (
  qc: QueryClient,
  meta: DatasetMeta | undefined,
  split: string,
  model: ModelDescriptor,
  prompt: number,
  base: string,
  aligned: string,
  threshold: number,
  enabled: boolean,
) =>
  queryOptions({
    queryKey: keys.semanticCoverage(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), prompt, base, aligned, threshold),
    enabled: enabled && meta !== undefined,
    staleTime: Infinity,
    queryFn: async (): Promise<Coverage> => {
      if (!meta) throw new Error('No dataset is open.');
      const rows = async () => sent(await splitRows(qc, meta, split));
      return fetchPromptCoverage(refOf(meta, split), model, prompt, base, aligned, threshold, rows);
    },
  });
