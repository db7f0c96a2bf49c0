// Hint-lab queries: summaries (hints), and prompt / teacher-answer embeddings for kNN example selection.

import { queryOptions } from '@tanstack/react-query';
import { BUNDLED_MODEL, hashText, modelKey } from '../core/embed/embedder';
import { localModelKey, type LocalModelDescriptor } from '../core/local-lm/local-lm';
import { countLocalTokens } from './generator-client';
import type { PromptVectors } from '../core/urial/selection';
import { embedderRemote } from './embedder-client';
import { keys } from './keys';
import { loadJudges, loadSummaries, type DatasetMeta } from './workspace';
import type { JudgeKind } from '../core/model/types';

/** The dataset's summaries (imported with it and never changed by appends, so keyed by import time). */
export const summariesQuery = (meta: DatasetMeta) =>
  queryOptions({ queryKey: keys.summaries(meta.key, String(meta.importedAt)), queryFn: () => loadSummaries(meta.key), staleTime: Infinity });

/**
 * Embeddings (bundled USE-lite, in the embedder worker) of `texts`, one row per text (n × dim, row-major), for
 * kNN selection over a few hundred prompts. `which` and `contentKey` name what the texts are, for the cache.
 */
export const labVectorsQuery = (datasetKey: string, contentKey: string, which: string, texts: readonly string[] | undefined) =>
  queryOptions({
    queryKey: keys.labVectors(datasetKey, contentKey, which, modelKey(BUNDLED_MODEL)),
    enabled: texts !== undefined,
    staleTime: Infinity,
    queryFn: async (): Promise<PromptVectors> => {
      const r = await embedderRemote().embed(BUNDLED_MODEL, [...(texts ?? [])]);
      return { vectors: r.vectors, n: r.n, dim: r.dim };
    },
  });

/** Exact token count of `text` under an in-browser model (loads the model in the generator worker if needed). */
export const labTokensQuery = (model: LocalModelDescriptor, text: string) =>
  queryOptions({
    queryKey: keys.labTokens(localModelKey(model), hashText(text)),
    queryFn: () => countLocalTokens(model, text),
    staleTime: Infinity,
    retry: false,
  });

/** The records of one judge folder of a dataset. */
export const judgesQuery = (datasetKey: string, kind: JudgeKind, name: string) =>
  queryOptions({ queryKey: keys.judges(datasetKey, kind, name), queryFn: () => loadJudges(datasetKey, kind, name) });
