// Per-prompt semantic figures per system (within-prompt cosine, distinct meanings, similarity to the teacher): the
// distributions behind the Findings charts, whose means are exactly the semantic table's (semantic.ts).

import { distinctMeanings, subsetSamples, teacherSimilarity, withinPromptCosine, type EmbeddedSamples, type SemanticOptions } from './semantic';

/** One prompt's semantic figures for one system; null where the figure needs ≥ 2 samples or a teacher sample 0. */
export interface PromptSemanticValues {
  prompt: number;
  withinCosine: number | null;
  distinct: number | null;
  toTeacher: number | null;
  teacherSelf: number | null;
}

/** One system's per-prompt semantic figures; `teacher` as in `SemanticRow` (null without an embedded teacher). */
export interface SemanticDistribution {
  system: string;
  teacher: string | null;
  perPrompt: PromptSemanticValues[];
}

/**
 * Per-prompt semantic figures of `systems` over embedded samples `e` (n × dim row-major). Their means over prompts
 * with a value equal `semanticRows`' `withinCosine`, `distinct`, `toTeacher` and `teacherSelf`.
 */
export function semanticDistributions(e: EmbeddedSamples, systems: readonly string[], opts: SemanticOptions): SemanticDistribution[] {
  return systems.map((system) => {
    const own = subsetSamples(e, (r) => r.system === system);
    const cos = own.n ? withinPromptCosine(own, system).perPrompt : [];
    const dist = own.n ? distinctMeanings(own, system, opts.threshold, opts.method).perPrompt : [];
    const teacherId = opts.teachers?.[system];
    const hasTeacher = teacherId !== undefined && teacherId !== system && e.rows.some((r) => r.system === teacherId);
    const teacher = hasTeacher && own.n > 0 ? teacherId : null;
    const t = teacher ? teacherSimilarity(subsetSamples(e, (r) => r.system === system || r.system === teacher), system, teacher).perPrompt : [];
    const prompts = [...new Set([...cos.map((x) => x.prompt), ...t.map((x) => x.prompt)])].sort((a, b) => a - b);
    const cosOf = new Map(cos.map((x) => [x.prompt, x.value]));
    const distOf = new Map(dist.map((x) => [x.prompt, x.value]));
    const tOf = new Map(t.map((x) => [x.prompt, x]));
    return {
      system,
      teacher,
      perPrompt: prompts.map((prompt) => ({
        prompt,
        withinCosine: cosOf.get(prompt) ?? null,
        distinct: distOf.get(prompt) ?? null,
        toTeacher: tOf.get(prompt)?.student ?? null,
        teacherSelf: tOf.get(prompt)?.teacherSelf ?? null,
      })),
    };
  });
}
