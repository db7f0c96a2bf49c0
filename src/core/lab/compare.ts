// "Compare at once" for one prompt: each system's length, format and lexical diversity (the paper's per-prompt
// measures) plus its lexical similarity to the teacher's first sample next to the teacher's own self-similarity.

import { jaccard } from '../metrics/lexical';
import { promptMeasures, type PromptMeasures } from '../metrics/outputs';
import { mean } from '../metrics/stats';
import { tokenSets } from '../metrics/tokenize';
import type { Sample } from '../model/types';
import { semanticRows, type EmbeddedSamples } from '../metrics/semantic';

/** The part a system plays in the comparison. */
export type CompareRole = 'generated' | 'teacher' | 'base' | 'paper';

/** One system's samples for the prompt. */
export interface CompareInput {
  system: string;
  role: CompareRole;
  samples: readonly Sample[];
}

/** One row of the comparison table. Null = not enough samples for the figure. */
export interface CompareRow extends PromptMeasures {
  system: string;
  role: CompareRole;
  /**
   * Mean Jaccard (regex word sets, stop words kept) of this system's valid samples to the teacher's sample 0. For the
   * teacher row: its other samples to its sample 0, i.e. the teacher's self-similarity, the bar a student can reach.
   */
  toTeacher: number | null;
  /** Semantic figures when embeddings were given: mean cosine to the teacher's sample 0 (teacher row: its self-similarity). */
  cosToTeacher?: number | null;
  /** Mean within-prompt pairwise cosine (semantic diversity; higher = less diverse). */
  withinCosine?: number | null;
  /** Distinct meanings among the samples at the given threshold. */
  meanings?: number | null;
}

/** One prompt's sample embeddings of the compared systems: `n × dim` row-major, `rows[i]` names row i. */
export type CompareVectors = EmbeddedSamples;

/** Adds the semantic figures (paper-style, {@link semanticRows}) to rows, from embeddings of their samples. */
export function withSemantic(rows: CompareRow[], e: CompareVectors, teacher: string | null, threshold: number): CompareRow[] {
  const systems = rows.map((r) => r.system);
  const teachers = teacher ? Object.fromEntries(systems.filter((s) => s !== teacher).map((s) => [s, teacher])) : {};
  const sem = semanticRows(e, systems, { threshold, teachers });
  const self = teacher ? sem.find((r) => r.system !== teacher && r.teacherSelf !== null)?.teacherSelf ?? null : null;
  return rows.map((r, i) => ({
    ...r,
    cosToTeacher: r.system === teacher ? self : sem[i]!.toTeacher,
    withinCosine: sem[i]!.withinCosine,
    meanings: sem[i]!.distinct,
  }));
}

/**
 * The comparison for one prompt. `teacher` names the input whose sample 0 is the reference; without it (or
 * without a valid sample 0) every `toTeacher` is null.
 */
export function compareForPrompt(prompt: number, inputs: readonly CompareInput[], teacher: string | null): CompareRow[] {
  const t = inputs.find((i) => i.system === teacher);
  const ref = t?.samples.find((s) => s.index === 0 && s.text !== null)?.text ?? null;
  const refSet = ref === null ? null : tokenSets(ref).all;
  return inputs.map((inp) => {
    let toTeacher: number | null = null;
    if (refSet) {
      const texts = inp.samples.filter((s) => s.text !== null && !(inp.system === teacher && s.index === 0)).map((s) => s.text as string);
      toTeacher = mean(texts.map((x) => jaccard(tokenSets(x).all, refSet)).filter((v): v is number => v !== null));
    }
    return { ...promptMeasures(prompt, inp.samples), system: inp.system, role: inp.role, toTeacher };
  });
}
