// The page's handle on the measurer worker (lazy singleton, recreated after a crash), the overview and per-prompt queries.

import { queryOptions } from '@tanstack/react-query';
import type { FindingsTables } from '../core/metrics/distributions';
import type { Tokenizer } from '../core/metrics/tokenize';
import type { Measurer, Overview } from '../workers/services/measurer';
import type { PromptReport } from '../workers/services/prompt-report';
import { keys } from './keys';
import { lazyWorker } from './worker-handle';
import { loadDataset } from './workspace';

const measurer = lazyWorker<Measurer>('measurer', () => new Worker(new URL('../workers/measurer.worker.ts', import.meta.url), { type: 'module', name: 'measurer' }));
const call = measurer.call;

/** Per live worker: worker key → the hand-over of its dataset (shared, so concurrent queries load it once). */
const loadedBy = new WeakMap<Worker, Map<string, Promise<void>>>();
/** The worker last handed a dataset, so forgetting never starts one just to free nothing. */
let lastWorker: Worker | null = null;

/**
 * The worker's name for one stored dataset's content. Workspace keys are reused (delete `good`, import another
 * `good.csv`: key `good` again), so the content hash is part of it; otherwise the worker would go on measuring the
 * dataset it was handed first.
 */
const workerKey = (key: string, contentHash: string) => `${key}#${contentHash}`;

/** Hands a stored dataset's content to the worker once (it is then referenced by {@link workerKey}). */
function ensureLoaded(key: string, contentHash: string): Promise<string> {
  const { worker } = measurer.get();
  lastWorker = worker;
  let loaded = loadedBy.get(worker);
  if (!loaded) loadedBy.set(worker, (loaded = new Map()));
  const wk = workerKey(key, contentHash);
  let p = loaded.get(wk);
  if (!p) {
    // New content under a known key means the old content was replaced (deleted, then re-imported under the same
    // key): nothing will ask for the old copy again, so free it before handing over the new one.
    forgetDataset(key, contentHash).catch(() => undefined);
    p = loadDataset(key).then((ds) => call((r) => r.setDataset(wk, ds)));
    // A failed hand-over is retried by the next query rather than remembered.
    p.catch(() => loaded.delete(wk));
    loaded.set(wk, p);
  }
  return p.then(() => wk);
}

/**
 * Frees the measurer worker's copies of dataset `key` (every content it was handed under that key, except
 * `keepHash`). Call it when the dataset is deleted; a later query hands the dataset over afresh. Does not start a
 * worker, and a worker that died meanwhile has nothing to free.
 */
export async function forgetDataset(key: string, keepHash?: string): Promise<void> {
  // After a crash `get()` is a fresh worker that holds nothing (and has no entry in `loadedBy`).
  const loaded = lastWorker && loadedBy.get(measurer.get().worker);
  if (!loaded) return;
  const keep = keepHash === undefined ? undefined : workerKey(key, keepHash);
  const stale = [...loaded].filter(([wk]) => wk.startsWith(`${key}#`) && wk !== keep);
  for (const [wk] of stale) loaded.delete(wk);
  // Drop after a hand-over still in flight, or it would land after the drop and stay.
  await Promise.all(stale.map(([wk, handedOver]) => handedOver.catch(() => undefined).then(() => call((r) => r.drop(wk)))));
}

/** The overview tables of a stored dataset (content `contentHash`), computed in the measurer worker. */
export async function fetchOverview(key: string, contentHash: string, tokenizer: Tokenizer): Promise<Overview> {
  const wk = await ensureLoaded(key, contentHash);
  return call((r) => r.overview(wk, { tokenizer }));
}

/**
 * Query options of the overview (deterministic per dataset content and tokenizer). While another tokenizer's tables
 * of the same dataset content are computed, the previous ones stay as placeholder data (`isPlaceholderData`), so the
 * table does not blank; after a switch to another dataset (or content) there is no placeholder, so another
 * dataset's figures are never shown under this one's name.
 */
export const overviewQuery = (key: string, contentHash: string, tokenizer: Tokenizer) =>
  queryOptions({
    queryKey: keys.overview(key, contentHash, tokenizer),
    queryFn: () => fetchOverview(key, contentHash, tokenizer),
    staleTime: Infinity,
    placeholderData: (previous: Overview | undefined, previousQuery: { queryKey: readonly unknown[] } | undefined) =>
      previousQuery && sameContent(previousQuery.queryKey, keys.overview(key, contentHash, tokenizer)) ? previous : undefined,
  });

/** Whether two overview keys name the same dataset key and content (they may differ in the tokenizer, the last part). */
function sameContent(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.slice(0, -1).every((part, i) => part === b[i]);
}

export type {
  PairVerdict,
  PromptColumn,
  PromptHint,
  PromptReport,
  SampleJudgements,
} from '../workers/services/prompt-report';

/** Browse's report on one prompt of a stored dataset (measures, judges, BERTScore, hints), from the measurer worker. */
export async function fetchPromptReport(
  key: string,
  contentHash: string,
  split: string,
  prompt: number,
  systems: readonly string[],
  tokenizer: Tokenizer,
): Promise<PromptReport> {
  const wk = await ensureLoaded(key, contentHash);
  return call((r) => r.promptReport(wk, split, prompt, [...systems], { tokenizer }));
}

/** Query options of the per-prompt report (deterministic per dataset content, split, prompt, systems and tokenizer). */
export const promptReportQuery = (
  key: string,
  contentHash: string,
  split: string,
  prompt: number,
  systems: readonly string[],
  tokenizer: Tokenizer = 'regex',
) =>
  queryOptions({
    queryKey: keys.promptReport(key, contentHash, split, prompt, systems, tokenizer),
    queryFn: () => fetchPromptReport(key, contentHash, split, prompt, systems, tokenizer),
    staleTime: Infinity,
  });

/** The Findings view's per-prompt distributions of one split of a stored dataset, computed in the measurer worker. */
export async function fetchFindings(key: string, contentHash: string, split: string, tokenizer: Tokenizer): Promise<FindingsTables> {
  const wk = await ensureLoaded(key, contentHash);
  return call((r) => r.findings(wk, split, { tokenizer }));
}

/** Query options of the Findings distributions (deterministic per dataset content, split and tokenizer). */
export const findingsQuery = (key: string, contentHash: string, split: string, tokenizer: Tokenizer = 'regex') =>
  queryOptions({
    queryKey: keys.findings(key, contentHash, split, tokenizer),
    queryFn: () => fetchFindings(key, contentHash, split, tokenizer),
    staleTime: Infinity,
  });
