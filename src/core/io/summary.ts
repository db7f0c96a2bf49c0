// Per dataset × split × system counts (METRICS.md "Per-system figures": n_prompts, samples_per_prompt, n_responses, n_errors).

import type { Dataset, Sample, SystemInfo } from '../model/types';

/** Counts of one system's run in one split of one dataset. */
export interface RunSummary {
  dataset: string;
  split: string;
  system: string;
  info: SystemInfo | undefined;
  /** Prompts (lines) with at least one record, failed lines included. */
  nPrompts: number;
  /** Histogram: samples per line → number of lines (failed samples included; an `ok:false` line has 0). */
  samplesPerPrompt: Record<string, number>;
  /** Valid samples (text not null). */
  nResponses: number;
  /** Failed samples, +1 per `ok:false` line. */
  nErrors: number;
}

/** Summarises every (split, system) run of a dataset, in the order the samples came. */
export function summarizeRuns(ds: Dataset): RunSummary[] {
  const groups = new Map<string, Sample[]>();
  for (const s of ds.samples) {
    const key = `${s.split}\u0000${s.system}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(s);
  }
  const info = new Map(ds.systems.map((s) => [s.id as string, s]));
  const out: RunSummary[] = [];
  for (const g of groups.values()) {
    const perPrompt = new Map<number, number>();
    let nResponses = 0;
    let nErrors = 0;
    for (const s of g) {
      perPrompt.set(s.prompt, (perPrompt.get(s.prompt) ?? 0) + (s.lineFailed ? 0 : 1));
      if (s.text === null) nErrors++;
      else nResponses++;
    }
    const hist: Record<string, number> = {};
    for (const n of perPrompt.values()) hist[n] = (hist[n] ?? 0) + 1;
    const first = g[0]!;
    out.push({ dataset: ds.id, split: first.split, system: first.system, info: info.get(first.system), nPrompts: perPrompt.size, samplesPerPrompt: hist, nResponses, nErrors });
  }
  return out;
}
