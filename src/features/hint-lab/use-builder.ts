// The builder's inputs for the open dataset: teacher answers and summaries, kNN embeddings, the template, and the composed prompt.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SystemInfo } from '../../core/model/types';
import { PRESETS, composePrompt, defaultPreamble, presetTemplate, type PromptTemplate } from '../../core/urial/presets';
import { renderPrompt } from '../../core/urial/prompt';
import type { SelectionContext } from '../../core/urial/selection';
import { labVectorsQuery, summariesQuery } from '../../data/lab-queries';
import { samplesQuery } from '../../data/queries';
import { systemsContentKey, type DatasetMeta } from '../../data/workspace';
import { useLabStore } from './store';

/** The split generated systems and their teachers live in. */
export const LAB_SPLIT = 'outputs';

/** What the builder shows and what a run needs. */
export interface Builder {
  template: PromptTemplate;
  teacher: SystemInfo | undefined;
  teachers: SystemInfo[];
  bases: SystemInfo[];
  /** Selection context once its inputs have loaded (embeddings only for kNN presets). */
  ctx: SelectionContext | undefined;
  /** The hint for `prompt`: the user's edit, else the teacher's imported summary, else null. */
  hintFor(prompt: number): string | null;
  /** Whether the hint of `prompt` is the user's edit. */
  hintEdited(prompt: number): boolean;
  /** The composed prompt text for `prompt`, or the reason it cannot be built yet. */
  compose(prompt: number): { text: string } | { error: string };
  /** What is still loading (empty when ready). */
  loading: string[];
  error: string | null;
}

/** Builder state for `meta` from the lab store. */
export function useBuilder(meta: DatasetMeta): Builder {
  const s = useLabStore();
  const inSplit = useMemo(() => new Set<string>(meta.systemsBySplit[LAB_SPLIT] ?? []), [meta]);
  const generated = useMemo(() => new Set(Object.keys(meta.runs ?? {})), [meta]);
  const teachers = useMemo(() => meta.systems.filter((x) => x.kind === 'aligned' && inSplit.has(x.id)), [meta, inSplit]);
  const bases = useMemo(() => meta.systems.filter((x) => x.kind === 'base' && inSplit.has(x.id) && !generated.has(x.id)), [meta, inSplit, generated]);
  const teacher = teachers.find((t) => t.id === s.teacher) ?? teachers.find((t) => t.id.endsWith('-chat')) ?? teachers[0];

  const preset = PRESETS.find((p) => p.id === s.preset) ?? PRESETS[0]!;
  const template = useMemo((): PromptTemplate => {
    const base = presetTemplate(preset);
    const t: PromptTemplate = { ...base, hint: s.withHint, preamble: base.preamble === null && !s.withHint ? null : defaultPreamble({ summary: s.withHint }) };
    const sel = t.selection;
    if (sel.kind === 'random') return { ...t, selection: { ...sel, k: s.k, seed: s.randomSeed } };
    if (sel.kind === 'knn-prompt' || sel.kind === 'knn-response') return { ...t, selection: { ...sel, k: s.k } };
    return t;
  }, [preset, s.k, s.randomSeed, s.withHint]);

  const teacherSamples = useQuery({ ...samplesQuery(meta.key, LAB_SPLIT, teacher?.id ?? ''), enabled: teacher !== undefined });
  const summaries = useQuery(summariesQuery(meta));
  const promptTexts = useMemo(() => {
    const out: string[] = [];
    for (const p of meta.prompts) out[p.index] = p.text;
    return Array.from(out, (t) => t ?? '');
  }, [meta]);
  const teacherAnswers = useMemo(() => {
    if (!teacherSamples.data) return undefined;
    const out: (string | null)[] = promptTexts.map(() => null);
    for (const x of teacherSamples.data) if (x.index === 0 && x.text !== null && x.text.trim() !== '') out[x.prompt] = x.text;
    return out;
  }, [teacherSamples.data, promptTexts]);
  const teacherSummaries = useMemo(() => {
    const out: (string | null)[] = promptTexts.map(() => null);
    // Summaries of the sampled split live in `summaries-outputs` (the paper's folder name).
    for (const x of summaries.data ?? []) if (x.source === teacher?.id && x.split === `summaries-${LAB_SPLIT}` && x.text) out[x.prompt] = x.text;
    return out;
  }, [summaries.data, teacher, promptTexts]);

  const kind = template.selection.kind;
  const promptVectors = useQuery({ ...labVectorsQuery(meta.key, `prompts@${meta.importedAt}`, 'prompt', promptTexts), enabled: kind === 'knn-prompt' });
  const responseVectors = useQuery({
    ...labVectorsQuery(meta.key, systemsContentKey(meta, LAB_SPLIT, teacher ? [teacher.id] : []), `response:${teacher?.id ?? ''}`, teacherAnswers?.map((a) => a ?? '')),
    enabled: kind === 'knn-response' && teacherAnswers !== undefined,
  });

  const loading: string[] = [];
  if (teacher && teacherSamples.isPending) loading.push(`${teacher.id} answers`);
  if (kind === 'knn-prompt' && promptVectors.isPending) loading.push('prompt embeddings');
  if (kind === 'knn-response' && responseVectors.isPending) loading.push('teacher-answer embeddings');
  const error = (promptVectors.error ?? responseVectors.error ?? teacherSamples.error)?.message ?? null;

  const ctx = useMemo((): SelectionContext | undefined => {
    const needsTeacher = kind === 'random' || kind === 'knn-prompt' || kind === 'knn-response';
    if (needsTeacher && !teacherAnswers) return undefined;
    if (kind === 'knn-prompt' && !promptVectors.data) return undefined;
    if (kind === 'knn-response' && !responseVectors.data) return undefined;
    return {
      prompts: promptTexts,
      teacherAnswers: teacherAnswers ?? promptTexts.map(() => null),
      teacherSummaries,
      ...(promptVectors.data ? { promptVectors: promptVectors.data } : {}),
      ...(responseVectors.data ? { responseVectors: responseVectors.data } : {}),
    };
  }, [kind, teacherAnswers, teacherSummaries, promptTexts, promptVectors.data, responseVectors.data]);

  const edits = s.hints[meta.key];
  const hintFor = (prompt: number) => edits?.[prompt] ?? teacherSummaries[prompt] ?? null;
  const compose = (prompt: number): { text: string } | { error: string } => {
    if (!ctx) return { error: loading.length ? `Loading ${loading.join(', ')}…` : error ?? 'Choose a teacher system first.' };
    try {
      return { text: renderComposed(template, prompt, ctx, hintFor(prompt)) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  };
  return { template, teacher, teachers, bases, ctx, hintFor, hintEdited: (p) => edits?.[p] !== undefined, compose, loading, error };
}

function renderComposed(template: PromptTemplate, prompt: number, ctx: SelectionContext, hint: string | null): string {
  return renderPrompt(composePrompt(template, prompt, ctx, hint));
}
