// Query options of the map views (corpus map, prompt drill-down): the embedder worker's projection service, cache-first vectors, cancel via the query signal.

import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { isEmbedError, modelKey, sampleKey, type DatasetRef, type EmbeddedShare, type ModelDescriptor } from '../core/embed/embedder';
import type { ProjectionProgress } from '../core/projection/job';
import type { SentenceMatch } from '../core/metrics/sentence-coverage';
import { sampleKey as refKey, type SampleRef } from '../core/model/sample-ref';
import type { ProjectionParams, PromptMap, SampleMap } from '../workers/services/projection-service';
import { embedderRemote, fetchEmbeddedShares } from './embedder-client';
import { refOf, sent, splitRows } from './embedding-rows';
import { runJob } from './jobs';
import { keys } from './keys';
import type { DatasetMeta } from './workspace';

export type { ProjectionParams, PromptMap, SampleMap, SentenceMatch };

/** A map plus the texts of its points, looked up by point (row id) for tooltips; never rendered as HTML. */
export interface MapWithTexts<M extends SampleMap> {
  map: M;
  /** Text of point i (empty string when unknown). */
  text(i: number): string;
  /** Text of a sample by `sampleKey` (empty string when unknown). */
  textOf(key: string): string;
}

/** Where a long projection job is, for the view's progress line. */
export type ProjectionListener = (p: ProjectionProgress) => void;

const paramsId = (p: ProjectionParams) => JSON.stringify(p);

/** The split's texts by `sampleKey` (the page's copy, for tooltips). */
async function splitTexts(qc: QueryClient, meta: DatasetMeta, split: string) {
  return new Map((await splitRows(qc, meta, split)).map((r) => [r.key, r.text]));
}

/** Runs a projection call; a fresh worker that lacks the split's samples gets them once (`putRows`) and is asked again. */
async function withSplitRows<T>(qc: QueryClient, meta: DatasetMeta, split: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!isEmbedError(e, 'RowsNeeded')) throw e;
    const ref: DatasetRef = refOf(meta, split);
    await embedderRemote().putRows(ref, sent(await splitRows(qc, meta, split)));
    return fn();
  }
}

function withTexts<M extends SampleMap>(map: M, texts: Map<string, string>): MapWithTexts<M> {
  const r = map.rows;
  return { map, textOf: (k) => texts.get(k) ?? '', text: (i) => texts.get(sampleKey({ system: r.systems[r.system[i]!]!, prompt: r.prompt[i]!, index: r.sample[i]! })) ?? '' };
}

/**
 * Embedded rows of a split per system under `model` (counts only). Map views poll it while rows are missing, so a map
 * made while embedding runs is remade as more rows become ready.
 */
export const mapReadyQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor) =>
  queryOptions({
    queryKey: keys.mapReady(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model)),
    enabled: meta !== undefined,
    queryFn: async (): Promise<EmbeddedShare[]> =>
      meta ? fetchEmbeddedShares(refOf(meta, split), modelKey(model), async () => sent(await splitRows(qc, meta, split))) : [],
  });

/** Total embedded rows of a coverage list. */
export const readyRows = (c: readonly EmbeddedShare[] | undefined) => (c ?? []).reduce((s, x) => s + x.embedded, 0);

/** Samples that can have a vector (non-blank texts) of a coverage list. */
export const embeddableRows = (c: readonly EmbeddedShare[] | undefined) => (c ?? []).reduce((s, x) => s + x.samples - x.empty, 0);

/**
 * The corpus map of every embedded sample of a split: one projection (PCA at once, UMAP on request), clusters and
 * cluster words. `ready` (embedded rows, from {@link mapReadyQuery}) is part of the key, so more rows make a new map.
 */
export const corpusMapQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, params: ProjectionParams, ready: number, onProgress?: ProjectionListener) =>
  queryOptions({
    queryKey: keys.corpusMap(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), paramsId({ ...params, clusters: false }), ready),
    enabled: meta !== undefined && ready > 0,
    staleTime: Infinity,
    queryFn: async ({ signal }): Promise<MapWithTexts<SampleMap>> => {
      if (!meta) throw new Error('No dataset is open.');
      const texts = await splitTexts(qc, meta, split);
      const r = embedderRemote();
      const map = await withSplitRows(qc, meta, split, () => runJob(
        (jobId) => r.projectSplit(refOf(meta, split), modelKey(model), { ...params, clusters: false }, { jobId }, onProgress ? proxy(onProgress) : undefined),
        (jobId) => r.cancel(jobId),
        signal,
        'map',
      ));
      return withTexts(map, texts);
    },
  });

/**
 * One prompt's joint map of `systems` (one projection on the union of their samples), sample × sample heatmap grouped
 * by system and system × system mean similarity. Deterministic (seeded), never stale.
 */
export const promptMapQuery = (
  qc: QueryClient,
  meta: DatasetMeta | undefined,
  split: string,
  model: ModelDescriptor,
  prompt: number | undefined,
  systems: readonly string[],
  params: ProjectionParams,
  ready: number,
  onProgress?: ProjectionListener,
) =>
  queryOptions({
    queryKey: [...keys.promptMap(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), prompt ?? -1, systems, paramsId(params)), ready] as const,
    enabled: meta !== undefined && prompt !== undefined && systems.length > 0,
    staleTime: Infinity,
    queryFn: async ({ signal }): Promise<MapWithTexts<PromptMap>> => {
      if (!meta || prompt === undefined) throw new Error('No prompt is selected.');
      const texts = await splitTexts(qc, meta, split);
      const r = embedderRemote();
      const t0 = performance.now();
      const map = await withSplitRows(qc, meta, split, () => runJob(
        (jobId) => r.projectPrompt(refOf(meta, split), modelKey(model), prompt, [...systems], params, { jobId }, onProgress ? proxy(onProgress) : undefined),
        (jobId) => r.cancel(jobId),
        signal,
        'prompt-map',
      ));
      // The drill-down timing the issue asks for (map, clusters, heatmap once vectors are cached), printed for benches.
      console.info(`[overton] drill-down prompt ${prompt}: ${map.rows.n} samples of ${map.systems.length} systems in ${(performance.now() - t0).toFixed(0)} ms`, map.ms);
      return withTexts(map, texts);
    },
  });

/**
 * Which sentences of sample `base` the sample `other` covers (cosine ≥ `threshold` to one of its sentences). Embeds the
 * sentences cache-first in the worker (loading the model for new ones), so views enable it on demand.
 */
export const sentenceCoverageQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, base: SampleRef | null, other: SampleRef | null, threshold: number, enabled: boolean) =>
  queryOptions({
    queryKey: keys.sentenceCoverage(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), base ? refKey(base) : '', other ? refKey(other) : '', threshold),
    enabled: enabled && meta !== undefined && base !== null && other !== null,
    staleTime: Infinity,
    queryFn: async (): Promise<SentenceMatch[]> => {
      if (!meta || !base || !other) return [];
      return withSplitRows(qc, meta, split, () => embedderRemote().sentenceCoverage(refOf(meta, split), model, base, other, threshold));
    },
  });

/** Clusters and cluster words of a split's embedded samples, in the corpus map's row order (same `ready`). */
export const corpusClustersQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, threshold: number, ready: number, enabled: boolean, onProgress?: ProjectionListener) =>
  queryOptions({
    queryKey: keys.corpusClusters(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model), threshold, ready),
    enabled: enabled && meta !== undefined && ready > 0,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      if (!meta) throw new Error('No dataset is open.');
      const r = embedderRemote();
      return withSplitRows(qc, meta, split, () =>
        runJob((jobId) => r.clusterSplit(refOf(meta, split), modelKey(model), threshold, { jobId }, onProgress ? proxy(onProgress) : undefined), (jobId) => r.cancel(jobId), signal, 'clusters'),
      );
    },
  });
