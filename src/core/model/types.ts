// The data model shared by importers, metrics, workers and views: dataset → prompts → samples per system.

import type { DatasetId, PromptId, SystemId } from './ids';

/** Where a system stands in the paper's comparison. `icl` = a base model given URIAL-style in-context alignment. */
export type SystemKind = 'base' | 'aligned' | 'icl' | 'other';

/** How in-context examples were chosen for an ICL system (`fixed` = the URIAL default set). */
export type ExampleSelection = 'fixed' | 'random' | 'knn' | string;

/** What a system is known to be, from its handle and its `args.json`. */
export interface SystemInfo {
  id: SystemId;
  kind: SystemKind;
  /** Model family, e.g. `llama-2`, `mistral`, `gpt-3.5`. */
  family: string;
  /** For `icl` systems: whose answers the examples/hints come from (`chat`, `gpt-3.5`, ...); `undefined` = URIAL's own. */
  teacher?: string;
  /** The aligned system this one imitates, when it exists under a known handle (e.g. `llama-2-chat`). */
  teacherSystem?: SystemId;
  selection?: ExampleSelection;
  /** Number of neighbours for kNN selection (`5nn` → 5); 3 when the handle says just `knn`. */
  k?: number;
  /** For kNN selection: what the neighbours are similar in. */
  similarity?: 'prompt_similar' | 'response_similar' | string;
  /** Semantic hint given in context: `summary` (a summary of the teacher's answer) or `summary-cot` (model writes its own summary first). */
  hint?: 'summary' | 'summary-cot' | string;
  /** Hugging Face model id or API model name, from `args.json` when present. */
  modelId?: string;
  /** Decoding parameters from `args.json` (`params`), as given. */
  decoding?: Decoding;
  /** The raw `args.json`, kept for display. */
  args?: unknown;
  /**
   * Per decoding split (`outputs`, `outputs-temp0`, ...), what that split's own `args.json` says: the same handle
   * is usually sampled in `outputs` and greedy in `outputs-temp0`. `modelId`/`decoding`/`args` above are those of
   * the `outputs` split when present, else of the first split seen.
   */
  splits?: Record<string, { modelId?: string; decoding?: Decoding; args?: unknown }>;
}

/** Decoding parameters as recorded in `args.json`. All optional: absent means unknown. */
export interface Decoding {
  temperature?: number;
  topP?: number;
  topK?: number;
  maxNewTokens?: number;
  repetitionPenalty?: number;
  numSamples?: number;
  stop?: string[];
}

/** One prompt (instance) of a dataset. `index` is its line number (0-based) in `instances/data.jsonl`. */
export interface Prompt {
  id: PromptId;
  index: number;
  /** The user turn shown to models. */
  text: string;
  /** Extra fields of the instance record (e.g. ConflictingQA's question metadata). */
  meta?: Record<string, unknown>;
}

/** Decoding split: `outputs` (sampled) or `outputs-temp0` (greedy); other names are kept as-is. */
export type Split = 'outputs' | 'outputs-temp0' | (string & {});

/** One response of one system to one prompt. A failed sample has `text === null` and an `error`. */
export interface Sample {
  prompt: number;
  system: SystemId;
  split: Split;
  /** Position among the prompt's samples for this system (0-based, failed ones included). */
  index: number;
  /** Cleaned text (METRICS.md "Response text"), or null when the sample failed. */
  text: string | null;
  /** Raw text before cleaning, when it differs from `text`. */
  raw?: string;
  error?: string;
  finishReason?: string;
  /**
   * True when this sample stands for a whole failed line (`{"ok": false}`): it counts as one error (METRICS.md
   * `n_errors`) but as zero samples in `samples_per_prompt`.
   */
  lineFailed?: boolean;
  /** Extra columns of a generic (one-row-per-sample) import, as given. */
  meta?: Record<string, unknown>;
}

/** Judge families of the paper. */
export type JudgeKind = 'eval-quality' | 'eval-stance' | 'eval-missing' | 'extract-topics';

/** One judge output line, attached to the (prompt, sample) it scores. `content` is the judge's raw JSON text, null on `ok:false`. */
export interface JudgeRecord {
  kind: JudgeKind;
  /** Folder name under `<kind>/outputs/` (usually the judged system, or `ref_X--alt_Y` for pairwise judges). */
  name: string;
  /** The judged system when `name` is a system handle. */
  system?: SystemId;
  prompt: number;
  sample: number;
  /** Line number (0-based) in the judge's `samples.jsonl`. */
  line: number;
  content: string | null;
}

/** One BERTScore row: alt sample scored against ref sample. */
export interface BertScoreRow {
  /** Prompt index (`instance_ids`), when the file gives it. */
  prompt?: number;
  refSample: number;
  altSample: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A BERTScore comparison file `bertscore/outputs/<ref>--<alt>.json`. */
export interface BertScoreFile {
  /** The file name without `.json`, `<ref>--<alt>`. */
  pair: string;
  ref: SystemId;
  alt: SystemId;
  hashcode?: string;
  rows: BertScoreRow[];
}

/** A summary (semantic hint) of a teacher's answer, from `summaries-outputs*`. */
export interface Summary {
  split: Split;
  /** The teacher whose first sample was summarised. */
  source: SystemId;
  prompt: number;
  text: string | null;
}

/** A dataset as imported: everything about one folder such as `LIMA-OE`. */
export interface Dataset {
  id: DatasetId;
  prompts: Prompt[];
  /** Systems with at least one sample (in any split); folders holding only args.json are reported as problems instead. */
  systems: SystemInfo[];
  samples: Sample[];
  judges: JudgeRecord[];
  bertscore: BertScoreFile[];
  summaries: Summary[];
}

/** A problem found while importing. Never fatal: the valid data is kept. `line` is 1-based. */
export interface ImportProblem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  message: string;
}

/** What an importer returns. */
export interface ImportResult {
  datasets: Dataset[];
  problems: ImportProblem[];
}
