// The Findings view's charts as one pure composition, so the view and the CLI's `figure` build the same specs from the
// same inputs (systems shown, measurer tables, semantic distributions) under the same ids.

import { embeddingMethod, type ModelDescriptor } from '../core/embed/embedder';
import type { FindingsTables } from '../core/metrics/distributions';
import type { SemanticDistribution } from '../core/metrics/semantic-distributions';
import type { SystemInfo } from '../core/model/types';
import type { ChartSpec } from './chart/spec';
import {
  diversityScatterSpec,
  formatSpec,
  measureBoxSpec,
  qualitySpec,
  semanticBoxSpec,
  stanceLabelsSpec,
  stanceMatrixSpec,
  stancePatternSpec,
  teacherBertScoreSpec,
  teacherEmbeddingSpec,
} from './findings-specs';
import { sortSystemsByKind } from './palette';

const JACCARD_NOTE =
  "Mean Jaccard over pairs of a prompt's samples (regex tokens, METRICS.md); higher = less diverse. Prompts with < 2 valid samples are left out.";

/**
 * The systems of a split in palette order (`inSplit`) and those shown: the chosen ones when a choice is given (the
 * view state's `systems`, the same list Browse shows as columns), else all of the split.
 */
export function shownSystems(systems: readonly SystemInfo[], inSplitIds: readonly string[], chosen?: readonly string[]): { inSplit: SystemInfo[]; shown: SystemInfo[] } {
  const have = new Set(inSplitIds);
  const inSplit = sortSystemsByKind(systems.filter((s) => have.has(s.id)));
  if (!chosen) return { inSplit, shown: inSplit };
  const pick = new Set(chosen);
  return { inSplit, shown: inSplit.filter((s) => pick.has(s.id)) };
}

/** The measurer-based charts of Findings (length, lexical diversity, format, quality, BERTScore RQ2, stance). */
export function measureFigures(shown: readonly SystemInfo[], t: FindingsTables) {
  return {
    length: measureBoxSpec('length', 'Response length', { label: 'Words per response', unit: 'prompt mean', digits: 0, zero: true }, shown, t, 'mean_words', 'Words = whitespace-separated pieces of the cleaned text (METRICS.md).'),
    jaccard: measureBoxSpec('jaccard', 'Lexical diversity (pairwise Jaccard)', { label: 'Mean pairwise Jaccard', digits: 3 }, shown, t, 'jaccard_all', JACCARD_NOTE),
    format: formatSpec(shown, t),
    quality: qualitySpec(shown, t),
    bertscore: teacherBertScoreSpec(shown, t.bertscore),
    stanceLabels: stanceLabelsSpec(shown, t),
    stancePatterns: stancePatternSpec(shown, t),
    stanceMatrix: stanceMatrixSpec(shown, t),
  };
}

/** The shown systems that have semantic values (embedded samples); the semantic charts draw only these. */
export function embeddedSystems(shown: readonly SystemInfo[], dists: readonly SemanticDistribution[]): SystemInfo[] {
  const embedded = new Set(dists.filter((d) => d.perPrompt.length > 0).map((d) => d.system));
  return shown.filter((s) => embedded.has(s.id));
}

/** How the semantic charts' vectors and meanings were computed, for their notes. */
export const semanticHow = (model: ModelDescriptor, threshold: number): string =>
  `Embeddings: ${model.label}, ${embeddingMethod(model)}; same meaning at cosine ≥ ${threshold}.`;

/** The embedding-based charts of Findings over the shown systems that are embedded (see {@link embeddedSystems}). */
export function semanticFigures(
  shown: readonly SystemInfo[],
  tables: FindingsTables,
  dists: readonly SemanticDistribution[],
  model: ModelDescriptor,
  threshold: number,
  perPrompt: boolean,
) {
  const with_ = embeddedSystems(shown, dists);
  const how = semanticHow(model, threshold);
  // The systems drawn are those embedded when the chart was made: a config names them so a rebuild draws the same rows.
  const inputs = { threshold, systems: with_.map((s) => s.id).join(',') };
  return {
    cosine: { ...semanticBoxSpec('semantic-cosine', 'Semantic diversity (within-prompt cosine)', { label: 'Mean pairwise cosine', digits: 3 }, with_, dists, 'withinCosine', `${how} Higher = less diverse.`), inputs },
    distinct: { ...semanticBoxSpec('semantic-distinct', 'Distinct meanings per prompt', { label: 'Distinct meanings', digits: 2, zero: true }, with_, dists, 'distinct', `${how} Leader clustering in sample order (NoveltyBench-style).`), inputs },
    scatter: { ...diversityScatterSpec(with_, tables, dists, perPrompt), inputs },
    teacher: { ...teacherEmbeddingSpec(with_, dists), inputs },
  };
}

/** Ids of the Findings charts that need embeddings (the CLI embeds, or reads `--vectors`, only for these). */
export const SEMANTIC_CHART_IDS: ReadonlySet<string> = new Set(['semantic-cosine', 'semantic-distinct', 'diversity-scatter', 'diversity-scatter-prompts', 'rq2-embeddings', 'coverage']);

/** Ids of every Findings chart, in the view's order (what `figure --config` accepts for a Findings config). */
export const FINDINGS_CHART_IDS: readonly string[] = [
  'length',
  'jaccard',
  'semantic-cosine',
  'semantic-distinct',
  'diversity-scatter',
  'diversity-scatter-prompts',
  'rq2-embeddings',
  'rq2-bertscore',
  'format-rates',
  'quality-aspects',
  'stance-labels',
  'stance-patterns',
  'stance-matrix',
  'coverage',
];

/** The chart of `list` with `id`, or undefined. */
export const chartById = (list: readonly ChartSpec[], id: string): ChartSpec | undefined => list.find((s) => s.id === id);
