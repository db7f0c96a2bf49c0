// Queries and mutations of the Embeddings panel: cache coverage per system, embedding runs, cache size, neighbours, import.

import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { hashText, modelKey, type ModelDescriptor } from '../../core/embed/embedder';
import { paperEmbeddingsFromNpz, parseEmbeddingJsonl } from '../../core/embed/npz';
import type { Sample } from '../../core/model/types';
import { embedTexts } from '../../data/embedder-client';
import { embeddingCache } from '../../data/embedding-cache';
import { keys } from '../../data/keys';
import { samplesQuery } from '../../data/queries';
import type { DatasetMeta } from '../../data/workspace';
import { nearestRows, type Neighbour } from './nearest';
import { useEmbeddingsStore } from './store';

/** A sample with text, as embedded. */
export interface TextRow {
  system: string;
  prompt: number;
  index: number;
  text: string;
}

async function textRows(qc: QueryClient, meta: DatasetMeta, split: string, system: string): Promise<TextRow[]> {
  const samples: Sample[] = await qc.ensureQueryData(samplesQuery(meta.key, split, system));
  return samples.filter((s) => s.text !== null).map((s) => ({ system, prompt: s.prompt, index: s.index, text: s.text! }));
}

/** Per-system coverage: samples with text and how many of them the cache holds for the model. */
export interface SystemCoverage {
  system: string;
  texts: number;
  cached: number;
}

/** Cache coverage of every system of a split for one model. */
export const coverageQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor) =>
  queryOptions({
    queryKey: keys.embeddingStatus(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model)),
    enabled: meta !== undefined,
    queryFn: async (): Promise<SystemCoverage[]> => {
      if (!meta) return [];
      const out: SystemCoverage[] = [];
      for (const system of meta.systemsBySplit[split] ?? []) {
        const rows = await textRows(qc, meta, split, system);
        const got = await embeddingCache().getMany(modelKey(model), rows.map((r) => hashText(r.text)));
        out.push({ system, texts: rows.length, cached: got.filter(Boolean).length });
      }
      return out;
    },
  });

/** Recorded runs of a dataset (model, duration, device), newest first. */
export const runsQuery = (datasetKey: string) =>
  queryOptions({ queryKey: keys.embeddingRuns(datasetKey), queryFn: () => embeddingCache().runs(datasetKey) });

/** Entries and bytes in the whole embedding cache. */
export const cacheSizeQuery = () => queryOptions({ queryKey: keys.embeddingCacheSize(), queryFn: () => embeddingCache().size() });

/**
 * Embeds the samples of `systems` (cache-first), one system after another so each gets its own run record.
 * Progress goes to the panel store; `cancel()` aborts the running job.
 */
export function useEmbedSystems(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  const abort = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ systems, model }: { systems: string[]; model: ModelDescriptor }) => {
      if (!meta) throw new Error('No dataset is open.');
      const store = useEmbeddingsStore.getState();
      const ctrl = new AbortController();
      abort.current = ctrl;
      const rows = (await Promise.all(systems.map((s) => textRows(qc, meta, split, s)))).flat();
      store.jobStarted(systems.join(', '));
      try {
        const res = await embedTexts(model, rows.map((r) => r.text), { signal: ctrl.signal, onProgress: store.jobProgressed, files: store.files });
        const bySystem = new Map<string, { count: number }>();
        for (const r of rows) (bySystem.get(r.system) ?? bySystem.set(r.system, { count: 0 }).get(r.system)!).count++;
        for (const [system, { count }] of bySystem) {
          await embeddingCache().putRun({
            dataset: meta.key,
            split,
            system,
            model: modelKey(model),
            modelLabel: model.label,
            count,
            // Runs cover several systems at once; apportion the computed count and time by size.
            computed: Math.round((res.computed * count) / rows.length),
            truncated: res.truncated.filter((t) => rows[t.index]!.system === system).length,
            ms: (res.ms * count) / rows.length,
            device: res.engine?.device ?? useEmbeddingsStore.getState().engine?.device ?? 'wasm',
            threads: res.engine?.threads ?? useEmbeddingsStore.getState().engine?.threads ?? 1,
            at: Date.now(),
          });
        }
        store.jobEnded(res.engine);
        return res;
      } catch (e) {
        store.jobEnded(null);
        throw e;
      } finally {
        abort.current = null;
      }
    },
    onSettled: () => {
      if (meta) void qc.invalidateQueries({ queryKey: keys.embeddings(meta.key) });
      void qc.invalidateQueries({ queryKey: keys.embeddingCacheSize() });
    },
  });
  return { ...mutation, cancel: () => abort.current?.abort() };
}

/** Clears the whole embedding cache. */
export function useClearCache() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => embeddingCache().clear(),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.all }),
  });
}

/** Result of importing an embeddings file. */
export interface ImportReport {
  stored: number;
  unmatched: number;
  model: string;
  problems: string[];
}

/**
 * Imports precomputed embeddings into the cache: Overton JSONL (rows matched to this dataset's samples by
 * system/prompt/sample, stored under the file's model key) or a paper `.npz` (vectors stored by string).
 */
export function useImportEmbeddings(meta: DatasetMeta | undefined, split: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File): Promise<ImportReport> => {
      if (!meta) throw new Error('No dataset is open.');
      if (file.name.endsWith('.npz')) {
        const p = paperEmbeddingsFromNpz(new Uint8Array(await file.arrayBuffer()), file.name);
        const model = `npz:${p.model ?? file.name}`;
        await embeddingCache().putMany(model, p.texts.map((t, i) => ({ hash: hashText(t), vector: p.vectors.slice(i * p.dim, (i + 1) * p.dim) })));
        return { stored: p.texts.length, unmatched: p.n - p.texts.length, model, problems: [] };
      }
      const table = parseEmbeddingJsonl(await file.text(), file.name);
      const model = table.models[0] ?? `imported:${file.name}`;
      const texts = new Map<string, string>();
      for (const system of new Set(table.rows.map((r) => r.system))) {
        for (const r of await textRows(qc, meta, split, system).catch(() => [])) texts.set(`${system}\u0000${r.prompt}\u0000${r.index}`, r.text);
      }
      const entries: { hash: string; vector: Float32Array }[] = [];
      table.rows.forEach((r, i) => {
        const text = r.dataset === meta.datasetId ? texts.get(`${r.system}\u0000${r.prompt}\u0000${r.sample}`) : undefined;
        if (text !== undefined) entries.push({ hash: hashText(text), vector: table.vectors.slice(i * table.dim, (i + 1) * table.dim) });
      });
      await embeddingCache().putMany(model, entries);
      const problems = table.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
      return { stored: entries.length, unmatched: table.n - entries.length, model, problems };
    },
    onSettled: () => {
      if (meta) void qc.invalidateQueries({ queryKey: keys.embeddings(meta.key) });
      void qc.invalidateQueries({ queryKey: keys.embeddingCacheSize() });
    },
  });
}

/** Every cached vector of a split for one model, with the rows they belong to (uncached samples left out). */
export const splitVectorsQuery = (qc: QueryClient, meta: DatasetMeta | undefined, split: string, model: ModelDescriptor) =>
  queryOptions({
    queryKey: keys.embeddingVectors(meta?.key ?? '', meta?.contentHash ?? '', split, modelKey(model)),
    enabled: meta !== undefined,
    queryFn: async () => {
      const rows: TextRow[] = [];
      if (!meta) return { rows, vectors: new Float32Array(0), dim: 0 };
      const parts: Float32Array[] = [];
      let dim = 0;
      for (const system of meta.systemsBySplit[split] ?? []) {
        const all = await textRows(qc, meta, split, system);
        const got = await embeddingCache().getMany(modelKey(model), all.map((r) => hashText(r.text)));
        got.forEach((v, i) => {
          if (!v) return;
          dim = v.length;
          rows.push(all[i]!);
          parts.push(v);
        });
      }
      const vectors = new Float32Array(rows.length * dim);
      parts.forEach((v, i) => vectors.set(v, i * dim));
      return { rows, vectors, dim };
    },
  });

/** Top-k semantic neighbours (cosine) of one sample among the split's cached vectors; null when it is not embedded. */
export function useNeighbours(meta: DatasetMeta | undefined, split: string, model: ModelDescriptor, target: { system: string; prompt: number; index: number } | null, k = 10) {
  const qc = useQueryClient();
  const q = useQuery(splitVectorsQuery(qc, meta, split, model));
  let neighbours: (Neighbour & TextRow)[] | null = null;
  if (q.data && target) {
    const at = q.data.rows.findIndex((r) => r.system === target.system && r.prompt === target.prompt && r.index === target.index);
    if (at >= 0) neighbours = nearestRows(q.data.vectors, q.data.dim, at, k).map((n) => ({ ...n, ...q.data.rows[n.row]! }));
  }
  return { neighbours, embedded: q.data?.rows.length ?? 0, isPending: q.isPending, error: q.error };
}
