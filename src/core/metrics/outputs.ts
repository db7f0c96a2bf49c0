// Per-prompt and per-system response measures (METRICS.md "Per-system figures" and `sample0` rows; paper §4):
// one row per dataset × split × system, built from a Dataset's samples.

import type { Dataset, Sample, Split } from '../model/types';
import { textFacts, type TextFacts } from './format';
import { distinctRatio, meanPairwiseDiff, pairwiseJaccard } from './lexical';
import { fraction, mean, median } from './stats';
import { addGroupText, groupJaccard, startTokenGroup } from './token-ids';
import { type Tokenizer, tokenSets } from './tokenize';

/** Options shared by the lexical measures. */
export interface LexicalOptions {
  /** Tokenizer for the Jaccard measures; `regex` (default) is the reference definition. */
  tokenizer?: Tokenizer;
}

/** Measures of one system's responses to one prompt (the inner step of every per-system mean). */
export interface PromptMeasures {
  prompt: number;
  /** Samples on the line, failed ones included (an `ok:false` line has 0). */
  n_samples: number;
  n_valid: number;
  mean_words: number | null;
  /** Null when fewer than 2 valid responses (the prompt is skipped in the system mean). */
  jaccard_all: number | null;
  jaccard_nostop: number | null;
  distinct_prefix5_ratio: number | null;
  mean_pairwise_len_diff: number | null;
  frac_numbered_list: number | null;
  frac_bullet_list: number | null;
  frac_abstain: number | null;
}

/** An `outputs` row of reference.json (with `system` for its `model`). Null = no value (e.g. Jaccard at 1 sample). */
export interface OutputsRow {
  dataset: string;
  split: Split;
  system: string;
  n_prompts: number;
  /** Histogram: samples on a line (failed included) → number of lines. */
  samples_per_prompt: Record<string, number>;
  n_responses: number;
  n_errors: number;
  mean_words: number | null;
  median_words: number | null;
  jaccard_all: number | null;
  jaccard_nostop: number | null;
  frac_numbered_list: number | null;
  frac_bullet_list: number | null;
  frac_abstain: number | null;
  distinct_prefix5_ratio: number | null;
  mean_pairwise_len_diff: number | null;
}

/** A `sample0` row: the length/format figures over the first sample of every line only. */
export interface Sample0Row {
  dataset: string;
  split: Split;
  system: string;
  n_valid: number;
  mean_words: number | null;
  frac_numbered_list: number | null;
  frac_abstain: number | null;
}

/** The field names of {@link OutputsRow} after `dataset, split, system`, in METRICS.md order. */
export const OUTPUTS_FIELDS = [
  'n_prompts', 'samples_per_prompt', 'n_responses', 'n_errors', 'mean_words', 'median_words', 'jaccard_all',
  'jaccard_nostop', 'frac_numbered_list', 'frac_bullet_list', 'frac_abstain', 'distinct_prefix5_ratio',
  'mean_pairwise_len_diff',
] as const satisfies readonly (keyof OutputsRow)[];

const valid = (samples: readonly Sample[]): Sample[] => samples.filter((s) => s.text !== null);

// A report reads each response's length/format facts up to four times (prompt, system, sample0, browse); samples are
// immutable once imported, so the facts are kept per sample object and die with it.
const factsBySample = new WeakMap<Sample, TextFacts>();

/** The {@link TextFacts} of a valid sample's text, computed once per sample object (`lower`, `words`: if known). */
function factsOf(s: Sample, lower?: string, words?: number): TextFacts {
  let f = factsBySample.get(s);
  if (!f) factsBySample.set(s, (f = textFacts(s.text!, lower, words)));
  return f;
}

/** Gets the facts of a valid sample (its lowercase and word count passed when already known). */
type FactsFn = (s: Sample, lower?: string, words?: number) => TextFacts;

/** Facts computed afresh and kept nowhere: a whole table reads each sample's facts once, so a cache would only cost. */
const freshFacts: FactsFn = (s, lower, words) => textFacts(s.text!, lower, words);

/** {@link promptMeasures}, plus the prompt's valid samples (by index) and their facts, for the system rows. */
function measurePrompt(prompt: number, samples: readonly Sample[], opts: LexicalOptions, factsFn: FactsFn): { m: PromptMeasures; ok: Sample[]; facts: TextFacts[] } {
  const ok = valid([...samples].sort((a, b) => a.index - b.index));
  let facts: TextFacts[];
  let jaccardAll: number | null;
  let jaccardNostop: number | null;
  if (ok.length < 2) {
    // No pair to compare: the Jaccard figures are null whatever the tokens, so the texts are not tokenised (a quarter
    // of the paper's responses: the greedy splits hold one sample per prompt).
    facts = ok.map((s) => factsFn(s));
    jaccardAll = null;
    jaccardNostop = null;
  } else if ((opts.tokenizer ?? 'regex') === 'regex') {
    // The reference tokenizer as interned ids (token-ids.ts: same sets, same values), one lowercase copy per text.
    startTokenGroup();
    facts = ok.map((s) => {
      const lower = s.text!.toLowerCase();
      return factsFn(s, lower, addGroupText(lower));
    });
    jaccardAll = groupJaccard('all');
    jaccardNostop = groupJaccard('nostop');
  } else {
    facts = ok.map((s) => factsFn(s));
    const sets = ok.map((s) => tokenSets(s.text!, opts.tokenizer));
    jaccardAll = pairwiseJaccard(sets.map((s) => s.all));
    jaccardNostop = pairwiseJaccard(sets.map((s) => s.nostop));
  }
  const words = facts.map((f) => f.words);
  const m: PromptMeasures = {
    prompt,
    n_samples: samples.filter((s) => !s.lineFailed).length,
    n_valid: ok.length,
    mean_words: mean(words),
    jaccard_all: jaccardAll,
    jaccard_nostop: jaccardNostop,
    distinct_prefix5_ratio: distinctRatio(facts.map((f) => f.prefix5)),
    mean_pairwise_len_diff: meanPairwiseDiff(words),
    frac_numbered_list: fraction(facts, (f) => f.numbered),
    frac_bullet_list: fraction(facts, (f) => f.bullet),
    frac_abstain: fraction(facts, (f) => f.abstain),
  };
  return { m, ok, facts };
}

/** Measures of one prompt's samples from one system (any order; failed samples count only in `n_samples`). */
export function promptMeasures(prompt: number, samples: readonly Sample[], opts: LexicalOptions = {}): PromptMeasures {
  return measurePrompt(prompt, samples, opts, factsOf).m;
}

/** Groups samples by prompt (line), in prompt order, each group in sample order. */
export function byPrompt(samples: readonly Sample[]): Map<number, Sample[]> {
  const m = new Map<number, Sample[]>();
  for (const s of [...samples].sort((a, b) => a.prompt - b.prompt || a.index - b.index)) {
    const g = m.get(s.prompt);
    if (g) g.push(s);
    else m.set(s.prompt, [s]);
  }
  return m;
}

const nonNull = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

/**
 * The `outputs` row for one system's samples in one split (all of them: pass exactly one system × split).
 * Means of within-prompt measures are over prompts with ≥ 2 valid responses; the rest are over all valid responses.
 */
export function outputsRow(
  ids: { dataset: string; split: Split; system: string },
  samples: readonly Sample[],
  opts: LexicalOptions = {},
): OutputsRow {
  return systemRows(ids, samples, opts).outputs;
}

/**
 * The `outputs` and `sample0` rows of one system × split from one pass over its samples: each text is measured once.
 * Word means, the median and the shares are sums of integers and counts, so gathering the facts prompt by prompt
 * gives exactly the values of the sample-order passes of {@link sample0Row}.
 */
function systemRows(ids: { dataset: string; split: Split; system: string }, samples: readonly Sample[], opts: LexicalOptions): { outputs: OutputsRow; sample0: Sample0Row } {
  const groups = byPrompt(samples);
  const hist: Record<string, number> = {};
  const perPrompt: PromptMeasures[] = [];
  const facts: TextFacts[] = [];
  const first: TextFacts[] = [];
  for (const [p, g] of groups) {
    const r = measurePrompt(p, g, opts, freshFacts);
    hist[String(r.m.n_samples)] = (hist[String(r.m.n_samples)] ?? 0) + 1;
    perPrompt.push(r.m);
    r.ok.forEach((s, k) => {
      facts.push(r.facts[k]!);
      if (s.index === 0) first.push(r.facts[k]!);
    });
  }
  const words = facts.map((f) => f.words);
  return {
    outputs: {
      ...ids,
      n_prompts: groups.size,
      samples_per_prompt: hist,
      n_responses: facts.length,
      n_errors: samples.length - facts.length,
      mean_words: mean(words),
      median_words: median(words),
      jaccard_all: mean(nonNull(perPrompt.map((m) => m.jaccard_all))),
      jaccard_nostop: mean(nonNull(perPrompt.map((m) => m.jaccard_nostop))),
      frac_numbered_list: fraction(facts, (f) => f.numbered),
      frac_bullet_list: fraction(facts, (f) => f.bullet),
      frac_abstain: fraction(facts, (f) => f.abstain),
      distinct_prefix5_ratio: mean(nonNull(perPrompt.map((m) => m.distinct_prefix5_ratio))),
      mean_pairwise_len_diff: mean(nonNull(perPrompt.map((m) => m.mean_pairwise_len_diff))),
    },
    sample0: {
      ...ids,
      n_valid: first.length,
      mean_words: mean(first.map((f) => f.words)),
      frac_numbered_list: fraction(first, (f) => f.numbered),
      frac_abstain: fraction(first, (f) => f.abstain),
    },
  };
}

/** The `sample0` row: first sample (index 0) of every line, valid ones only. */
export function sample0Row(ids: { dataset: string; split: Split; system: string }, samples: readonly Sample[]): Sample0Row {
  const facts = valid(samples.filter((s) => s.index === 0)).map((s) => factsOf(s));
  return {
    ...ids,
    n_valid: facts.length,
    mean_words: mean(facts.map((f) => f.words)),
    frac_numbered_list: fraction(facts, (f) => f.numbered),
    frac_abstain: fraction(facts, (f) => f.abstain),
  };
}

/** Samples grouped by split then system, in first-seen order. */
export function bySplitSystem(samples: readonly Sample[]): Map<string, Map<string, Sample[]>> {
  const out = new Map<string, Map<string, Sample[]>>();
  for (const s of samples) {
    let bySys = out.get(s.split);
    if (!bySys) out.set(s.split, (bySys = new Map()));
    const g = bySys.get(s.system);
    if (g) g.push(s);
    else bySys.set(s.system, [s]);
  }
  return out;
}

/** Filters for {@link outputsTable}. */
export interface TableFilter extends LexicalOptions {
  systems?: readonly string[];
  split?: string;
}

/** One {@link OutputsRow} per split × system of a dataset, sorted by split then system. */
export function outputsTable(ds: Dataset, opts: TableFilter = {}): OutputsRow[] {
  return outputsTables(ds, opts).outputs;
}

const bySplitThenSystem = (a: { split: string; system: string }, b: { split: string; system: string }) => a.split.localeCompare(b.split) || a.system.localeCompare(b.system);

/**
 * {@link outputsTable} and the {@link Sample0Row}s of the same split × systems (what {@link sample0Table} gives for
 * them), from one pass over the samples; both sorted by split then system.
 */
export function outputsTables(ds: Dataset, opts: TableFilter = {}): { outputs: OutputsRow[]; sample0: Sample0Row[] } {
  const outputs: OutputsRow[] = [];
  const sample0: Sample0Row[] = [];
  for (const [split, bySys] of bySplitSystem(ds.samples)) {
    if (opts.split && split !== opts.split) continue;
    for (const [system, samples] of bySys) {
      if (opts.systems && !opts.systems.includes(system)) continue;
      const r = systemRows({ dataset: ds.id, split, system }, samples, opts);
      outputs.push(r.outputs);
      sample0.push(r.sample0);
    }
  }
  return { outputs: outputs.sort(bySplitThenSystem), sample0: sample0.sort(bySplitThenSystem) };
}

/** One {@link Sample0Row} per split × system of a dataset. */
export function sample0Table(ds: Dataset): Sample0Row[] {
  const rows: Sample0Row[] = [];
  for (const [split, bySys] of bySplitSystem(ds.samples)) {
    for (const [system, samples] of bySys) rows.push(sample0Row({ dataset: ds.id, split, system }, samples));
  }
  return rows.sort((a, b) => a.split.localeCompare(b.split) || a.system.localeCompare(b.system));
}
