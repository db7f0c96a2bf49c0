// The one query-key factory: every TanStack Query key in the app is built here, so invalidation stays predictable.

/**
 * Query keys, nested so invalidating a prefix invalidates everything under it: `keys.datasets()` covers every
 * dataset query; `keys.dataset(k)` covers everything of one dataset. Helpers add their own keys here (additively),
 * putting the model, seed and the dataset's `contentHash` in keys of deterministic results.
 */
export const keys = {
  all: ['overton'] as const,
  /** The workspace list (DatasetMeta[]). */
  datasets: () => [...keys.all, 'datasets'] as const,
  /** Everything about one stored dataset. */
  dataset: (key: string) => [...keys.datasets(), key] as const,
  /** One dataset's meta record (prompts, systems, counts). */
  datasetMeta: (key: string) => [...keys.dataset(key), 'meta'] as const,
  /** One (split, system)'s samples of a dataset. */
  samples: (key: string, split: string, system: string) => [...keys.dataset(key), 'samples', split, system] as const,
  /** Everything embedding-related of one dataset (invalidate after embedding, importing or clearing). */
  embeddings: (key: string) => [...keys.dataset(key), 'embeddings'] as const,
  /** Per-system share of a split's samples with vectors under one model (`modelKey`), for the dataset's `contentHash`. */
  embeddingStatus: (key: string, contentHash: string, split: string, model: string) =>
    [...keys.embeddings(key), 'status', contentHash, split, model] as const,
  /** Top-k neighbours of one sample (`sampleKey`) among a split's vectors for one model, computed in the embedder worker. */
  embeddingNeighbours: (key: string, contentHash: string, split: string, model: string, sample: string, k: number, scope: string) =>
    [...keys.embeddings(key), 'neighbours', contentHash, split, model, sample, k, scope] as const,
  /** The per-system semantic table (embedder worker) of a split for one model at one threshold and clustering method. */
  semanticTable: (key: string, contentHash: string, split: string, model: string, threshold: number, method: string) =>
    [...keys.embeddings(key), 'semantic-table', contentHash, split, model, threshold, method] as const,
  /** One prompt's semantic figures and meaning clusters for an ordered system list. */
  semanticPrompt: (key: string, contentHash: string, split: string, model: string, prompt: number, systems: readonly string[], threshold: number) =>
    [...keys.embeddings(key), 'semantic-prompt', contentHash, split, model, prompt, [...systems], threshold] as const,
  /** Sentence coverage of a base system by an aligned one on one prompt. */
  semanticCoverage: (key: string, contentHash: string, split: string, model: string, prompt: number, base: string, aligned: string, threshold: number) =>
    [...keys.embeddings(key), 'semantic-coverage', contentHash, split, model, prompt, base, aligned, threshold] as const,
  /** The corpus map (projection service) of a split's embedded samples: `ready` = rows embedded when it was made. */
  corpusMap: (key: string, contentHash: string, split: string, model: string, params: string, ready: number) =>
    [...keys.embeddings(key), 'corpus-map', contentHash, split, model, params, ready] as const,
  /** Clusters of a split's embedded samples at one threshold (`ready` as in corpusMap). */
  corpusClusters: (key: string, contentHash: string, split: string, model: string, threshold: number, ready: number) =>
    [...keys.embeddings(key), 'corpus-clusters', contentHash, split, model, threshold, ready] as const,
  /** One prompt's joint map, heatmap and system matrix for an ordered system list. */
  promptMap: (key: string, contentHash: string, split: string, model: string, prompt: number, systems: readonly string[], params: string) =>
    [...keys.embeddings(key), 'prompt-map', contentHash, split, model, prompt, [...systems], params] as const,
  /** Per-sentence coverage of one base sample by another sample (drill-down coverage view). */
  sentenceCoverage: (key: string, contentHash: string, split: string, model: string, base: string, other: string, threshold: number) =>
    [...keys.embeddings(key), 'sentence-coverage', contentHash, split, model, base, other, threshold] as const,
  /** Embedded-row counts the map views poll while an embedding job may be filling the table. */
  mapReady: (key: string, contentHash: string, split: string, model: string) => [...keys.embeddings(key), 'map-ready', contentHash, split, model] as const,
  /** Recorded embedding runs of a dataset (model, time, device). */
  embeddingRuns: (key: string) => [...keys.embeddings(key), 'runs'] as const,
  /** Size of the whole embedding cache (all datasets). */
  embeddingCacheSize: () => [...keys.all, 'embedding-cache-size'] as const,
  /** The metric overview tables of a dataset (measurer worker), per content and tokenizer. */
  overview: (key: string, contentHash: string, tokenizer: string) => [...keys.dataset(key), 'overview', contentHash, tokenizer] as const,
  /** The Findings view's per-prompt distributions (measurer worker) of one split, per content and tokenizer. */
  findings: (key: string, contentHash: string, split: string, tokenizer: string) => [...keys.dataset(key), 'findings', contentHash, split, tokenizer] as const,
  /** Per-prompt semantic figures of every embedded system of a split (embedder worker), for the Findings charts. */
  semanticDistributions: (key: string, contentHash: string, split: string, model: string, threshold: number) =>
    [...keys.embeddings(key), 'semantic-distributions', contentHash, split, model, threshold] as const,
  /** Dataset-wide sentence coverage of a base system by an aligned one (embedder worker). */
  datasetCoverage: (key: string, contentHash: string, split: string, model: string, base: string, aligned: string, threshold: number) =>
    [...keys.embeddings(key), 'dataset-coverage', contentHash, split, model, base, aligned, threshold] as const,
  /** Browse's per-prompt report (measurer worker): one prompt, split and ordered system list, per content and tokenizer. */
  promptReport: (key: string, contentHash: string, split: string, prompt: number, systems: readonly string[], tokenizer: string) =>
    [...keys.dataset(key), 'prompt-report', contentHash, split, prompt, [...systems], tokenizer] as const,
  /** Hint lab: exact token count of a text (by `hashText`) under an in-browser model (`localModelKey`). */
  labTokens: (model: string, textHash: string) => [...keys.all, 'lab-tokens', model, textHash] as const,
  /** One judge folder's records of a dataset (hint-lab judges write to these). */
  judges: (key: string, kind: string, name: string) => [...keys.dataset(key), 'judges', kind, name] as const,
  /** A dataset's summaries (semantic hints). */
  summaries: (key: string, importedAt: string) => [...keys.dataset(key), 'summaries', importedAt] as const,
  /** Hint lab: embeddings of a dataset's prompts (`which = 'prompt'`) or of a teacher's first answers, for kNN selection. */
  labVectors: (key: string, contentKey: string, which: string, model: string) => [...keys.dataset(key), 'lab-vectors', contentKey, which, model] as const,
};
