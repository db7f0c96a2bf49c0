// Columns of the Overview table and the row model behind it (pure: sorting and grouping by system kind).

import type { OutputsRow } from '../../core/metrics/outputs';
import type { JudgeRow } from '../../core/metrics/judges';
import type { SystemInfo, SystemKind } from '../../core/model/types';
import { KIND_ORDER } from '../../figures/palette';

/** One table row: a system's figures in the chosen split, plus its judge aggregates when they exist. */
export interface OverviewRow {
  system: string;
  kind: SystemKind;
  values: Record<string, number | null>;
}

/** A numeric column: `key` into {@link OverviewRow.values}, a short label, a tooltip, and decimals shown. */
export interface Column {
  key: string;
  label: string;
  title: string;
  digits: number;
}

/** Columns in display order; names follow METRICS.md. */
export const COLUMNS: readonly Column[] = [
  { key: 'n_responses', label: 'responses', title: 'n_responses: valid samples', digits: 0 },
  { key: 'n_errors', label: 'errors', title: 'n_errors: failed samples', digits: 0 },
  { key: 'mean_words', label: 'words', title: 'mean_words: mean whitespace-separated words per response', digits: 1 },
  { key: 'jaccard_all', label: 'Jaccard', title: 'jaccard_all: mean pairwise token-set Jaccard within a prompt (higher = less diverse)', digits: 3 },
  { key: 'jaccard_nostop', label: 'Jaccard −stop', title: 'jaccard_nostop: as Jaccard, without the 179 NLTK stop words', digits: 3 },
  { key: 'distinct_prefix5_ratio', label: 'distinct prefix5', title: 'distinct_prefix5_ratio: distinct first-5-word prefixes / responses, per prompt', digits: 3 },
  { key: 'mean_pairwise_len_diff', label: 'Δ length', title: 'mean_pairwise_len_diff: mean |word-count difference| over pairs within a prompt', digits: 1 },
  { key: 'frac_numbered_list', label: 'numbered list', title: 'frac_numbered_list: share of responses with a numbered list of ≥ 2 items', digits: 3 },
  { key: 'frac_bullet_list', label: 'bullets', title: 'frac_bullet_list: share with ≥ 2 lines starting "- "', digits: 3 },
  { key: 'frac_abstain', label: 'abstain', title: 'frac_abstain: share containing an abstention phrase ("ai language model", ...)', digits: 3 },
  { key: 'avg5_all', label: 'quality', title: 'eval-quality avg5_all: mean of the five judge aspects (1–5)', digits: 2 },
  { key: 'frac_prompts_yes_and_no', label: 'yes & no', title: 'eval-stance: share of prompts whose samples say both yes and no (distributional pluralism)', digits: 3 },
  { key: 'frac_prompts_any_both', label: 'any "both"', title: 'eval-stance: share of prompts with a response that argues both sides (Overton pluralism)', digits: 3 },
];

const JUDGE_FIELDS = ['avg5_all', 'frac_prompts_yes_and_no', 'frac_prompts_any_both'] as const;

/** Builds the rows of one split: outputs figures joined with the judge rows named after the same system. */
export function overviewRows(outputs: readonly OutputsRow[], judges: readonly JudgeRow[], systems: readonly SystemInfo[], split: string): OverviewRow[] {
  const kindOf = new Map(systems.map((s) => [s.id as string, s.kind]));
  return outputs
    .filter((r) => r.split === split)
    .map((r) => {
      const values: Record<string, number | null> = {};
      for (const c of COLUMNS) {
        const v = (r as unknown as Record<string, unknown>)[c.key];
        values[c.key] = typeof v === 'number' ? v : null;
      }
      // Judges score the sampled split; show them on that split only.
      for (const f of JUDGE_FIELDS) {
        const j = split === 'outputs' ? judges.find((x) => x.name === r.system && f in x) : undefined;
        const v = j ? (j as unknown as Record<string, unknown>)[f] : null;
        values[f] = typeof v === 'number' ? v : null;
      }
      return { system: r.system, kind: kindOf.get(r.system) ?? 'other', values };
    });
}

/** Sort order: a column key (or `system`) and direction. */
export interface SortBy {
  key: string;
  desc: boolean;
}

/** Groups rows by kind (base, aligned, icl, other) and sorts within each group; empty values sort last. */
export function groupAndSort(rows: readonly OverviewRow[], sort: SortBy): { kind: SystemKind; rows: OverviewRow[] }[] {
  const cmp = (a: OverviewRow, b: OverviewRow) => {
    if (sort.key === 'system') return (sort.desc ? -1 : 1) * a.system.localeCompare(b.system);
    const x = a.values[sort.key] ?? null;
    const y = b.values[sort.key] ?? null;
    if (x === null || y === null) return x === y ? a.system.localeCompare(b.system) : x === null ? 1 : -1;
    return (sort.desc ? y - x : x - y) || a.system.localeCompare(b.system);
  };
  return KIND_ORDER.map((kind) => ({ kind, rows: rows.filter((r) => r.kind === kind).sort(cmp) })).filter((g) => g.rows.length > 0);
}

/** Which columns have at least one value (others are hidden, e.g. stance columns on LIMA-OE). */
export function visibleColumns(rows: readonly OverviewRow[]): Column[] {
  return COLUMNS.filter((c) => rows.some((r) => r.values[c.key] !== null));
}
