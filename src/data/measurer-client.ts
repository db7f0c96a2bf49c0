// The page's handle on the measurer worker (lazy singleton, recreated after a crash), the overview and per-prompt queries.

import { queryOptions } from '@tanstack/react-query';
import { wrap, type Remote } from 'comlink';
import type { Tokenizer } from '../core/metrics/tokenize';
import type { Measurer, Overview } from '../workers/services/measurer';
import type { PromptReport } from '../workers/services/prompt-report';
import { keys } from './keys';
import { loadDataset } from './workspace';

interface Handle {
  worker: Worker;
  remote: Remote<Measurer>;
  /** Rejects when the worker dies, so calls never hang on a dead worker. */
  crashed: Promise<never>;
  /** Workspace key → the hand-over of its dataset (shared, so concurrent queries load it once). */
  loaded: Map<string, Promise<void>>;
}

let handle: Handle | null = null;

function getHandle(): Handle {
  if (handle) return handle;
  const worker = new Worker(new URL('../workers/measurer.worker.ts', import.meta.url), { type: 'module', name: 'measurer' });
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (ev) => {
      reject(new Error(`The measurer worker stopped: ${ev.message || 'script error'}`));
      if (handle?.worker === worker) handle = null;
      worker.terminate();
    });
  });
  crashed.catch(() => undefined);
  handle = { worker, remote: wrap<Measurer>(worker), crashed, loaded: new Map() };
  return handle;
}

/** Runs `fn` on the worker; a dead worker rejects (and the next call starts a fresh one). */
async function call<T>(fn: (r: Remote<Measurer>) => Promise<T>): Promise<T> {
  const h = getHandle();
  return Promise.race([fn(h.remote), h.crashed]);
}

/** The remote service itself, for the bench hook. */
export function measurerRemote(): Remote<Measurer> {
  return getHandle().remote;
}

/** Hands a stored dataset to the worker once (it is then referenced by key). */
function ensureLoaded(key: string): Promise<void> {
  const h = getHandle();
  let p = h.loaded.get(key);
  if (!p) {
    p = loadDataset(key).then((ds) => call((r) => r.setDataset(key, ds)));
    // A failed hand-over is retried by the next query rather than remembered.
    p.catch(() => h.loaded.delete(key));
    h.loaded.set(key, p);
  }
  return p;
}

/** The overview tables of a stored dataset, computed in the measurer worker. */
export async function fetchOverview(key: string, tokenizer: Tokenizer): Promise<Overview> {
  await ensureLoaded(key);
  return call((r) => r.overview(key, { tokenizer }));
}

/** Query options of the overview (deterministic per dataset content and tokenizer). */
export const overviewQuery = (key: string, contentHash: string, tokenizer: Tokenizer) =>
  queryOptions({
    queryKey: keys.overview(key, contentHash, tokenizer),
    queryFn: () => fetchOverview(key, tokenizer),
    staleTime: Infinity,
  });

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
  split: string,
  prompt: number,
  systems: readonly string[],
  tokenizer: Tokenizer,
): Promise<PromptReport> {
  await ensureLoaded(key);
  return call((r) => r.promptReport(key, split, prompt, [...systems], { tokenizer }));
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
    queryFn: () => fetchPromptReport(key, split, prompt, systems, tokenizer),
    staleTime: Infinity,
  });
