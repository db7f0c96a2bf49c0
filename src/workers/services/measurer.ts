// Measurer: the paper's lexical, format, judge, BERTScore and summary tables for a dataset, off the main thread.

import { bertscoreTable, type BertScoreRow } from '../../core/metrics/bertscore';
import { findingsTables, type FindingsTables } from '../../core/metrics/distributions';
import { judgeTable, type JudgeRow } from '../../core/metrics/judges';
import {
  byPrompt,
  bySplitSystem,
  outputsTables,
  promptMeasures,
  type OutputsRow,
  type PromptMeasures,
  type Sample0Row,
} from '../../core/metrics/outputs';
import { summaryTable, type SummaryRow } from '../../core/metrics/summaries';
import type { Tokenizer } from '../../core/metrics/tokenize';
import type { Dataset, SystemInfo } from '../../core/model/types';
import { promptReport, type PromptReport } from './prompt-report';

/** Options of the overview. */
export interface OverviewOptions {
  /** Tokenizer of the Jaccard measures (default `regex`, the reference definition). */
  tokenizer?: Tokenizer;
  /** Only these splits (default all). */
  split?: string;
  /** Only these systems (default all). */
  systems?: readonly string[];
}

/** Every table of one dataset: METRICS.md's rows, plus what each system is (for grouping by kind). */
export interface Overview {
  dataset: string;
  tokenizer: Tokenizer;
  systems: SystemInfo[];
  outputs: OutputsRow[];
  sample0: Sample0Row[];
  judges: JudgeRow[];
  bertscore: BertScoreRow[];
  summaries: SummaryRow[];
  /** Compute time in ms (not counting the transfer to the page). */
  ms: number;
}

/** One system's measures for one prompt. */
export interface PromptRow extends PromptMeasures {
  split: string;
  system: string;
}

/**
 * Computes metric tables. A plain class: tests and the CLI construct it directly; the worker shim exposes one.
 * Datasets are handed over once with {@link setDataset} and then referenced by key, so repeated requests (tokenizer
 * switch, another prompt) do not clone the whole dataset again.
 */
export class Measurer {
  private readonly datasets = new Map<string, Dataset>();

  /** Keeps `ds` under `key` for later calls (replacing any previous one). */
  setDataset(key: string, ds: Dataset): void {
    this.datasets.set(key, ds);
  }

  /** Whether a dataset is held under `key`. */
  hasDataset(key: string): boolean {
    return this.datasets.has(key);
  }

  /**
   * Forgets the dataset held under `key`, so its samples can be garbage-collected: the page calls it when the
   * dataset is deleted or its content replaced (nothing else ever frees them). Returns whether one was held.
   */
  drop(key: string): boolean {
    return this.datasets.delete(key);
  }

  /** Keys of the datasets held, in hand-over order (what {@link drop} can still free). */
  heldKeys(): string[] {
    return [...this.datasets.keys()];
  }

  private get(key: string): Dataset {
    const ds = this.datasets.get(key);
    if (!ds) throw new Error(`Measurer: no dataset "${key}"; call setDataset first`);
    return ds;
  }

  /** The overview tables of the dataset held under `key`. */
  overview(key: string, opts: OverviewOptions = {}): Overview {
    return this.measure(this.get(key), opts);
  }

  /** The overview tables of `ds` (one shot, nothing kept). */
  measure(ds: Dataset, opts: OverviewOptions = {}): Overview {
    const t0 = performance.now();
    // The sample0 rows of the same split × systems, from the same pass over the texts.
    const { outputs, sample0 } = outputsTables(ds, opts);
    return {
      dataset: ds.id,
      tokenizer: opts.tokenizer ?? 'regex',
      systems: ds.systems,
      outputs,
      sample0,
      judges: judgeTable(ds),
      bertscore: bertscoreTable(ds),
      summaries: summaryTable(ds),
      ms: performance.now() - t0,
    };
  }

  /** Per-system measures of one prompt (by index) of the dataset held under `key`, one row per split × system. */
  prompt(key: string, prompt: number, opts: OverviewOptions = {}): PromptRow[] {
    const rows: PromptRow[] = [];
    for (const [split, bySys] of bySplitSystem(this.get(key).samples)) {
      if (opts.split && split !== opts.split) continue;
      for (const [system, samples] of bySys) {
        if (opts.systems && !opts.systems.includes(system)) continue;
        const g = byPrompt(samples.filter((s) => s.prompt === prompt)).get(prompt);
        if (g) rows.push({ split, system, ...promptMeasures(prompt, g, opts) });
      }
    }
    return rows;
  }

  /**
   * The Findings view's per-prompt distributions of one split of the dataset held under `key`: per-prompt lexical and
   * format measures of every system, quality-by-aspect and stance composition per system (judged split only).
   */
  findings(key: string, split: string, opts: Pick<OverviewOptions, 'tokenizer'> = {}): FindingsTables {
    return findingsTables(this.get(key), split, opts);
  }

  /**
   * The Browse view's report on one prompt (by index) of the dataset held under `key`: for each of `systems` (handles,
   * in that order) its METRICS.md measures over this prompt's samples in `split`, the paper's judge verdicts per
   * sample with their per-prompt aggregates, BERTScore against the other requested systems, and the semantic hints.
   */
  promptReport(key: string, split: string, prompt: number, systems: readonly string[], opts: Pick<OverviewOptions, 'tokenizer'> = {}): PromptReport {
    return promptReport(this.get(key), split, prompt, systems, opts);
  }
}
