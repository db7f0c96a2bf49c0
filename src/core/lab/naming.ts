// Names for generated systems in the paper's handle grammar, so generated and imported systems read alike.

import { describeSystem } from '../model/system';
import type { SelectionSpec } from '../urial/selection';

/** A handle-safe slug: lower case, `[a-z0-9._]` runs joined by `-`. */
export function handleSlug(text: string): string {
  return text.toLowerCase().replace(/^.*\//, '').replace(/[^a-z0-9._]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/**
 * `<family>-icl[-<teacher>][-<selection>][-<hint>]` as in the paper: `family` names the generating model; the
 * teacher is written relative to the family when it shares it (`llama-2-chat` → `chat`); selection parts are
 * `rand`, `knn-prompt_similar`, `5nn-response_similar`...; a zero-shot run without examples or hint is `<family>-base`.
 */
export function labSystemHandle(family: string, teacher: string | null, selection: SelectionSpec, hint: boolean): string {
  const fam = handleSlug(family);
  if (selection.kind === 'none' && !hint) return `${fam}-base`;
  const parts = [`${fam}-icl`];
  const usesTeacher = hint || selection.kind === 'random' || selection.kind === 'knn-prompt' || selection.kind === 'knn-response';
  if (teacher && usesTeacher) parts.push(teacher.startsWith(`${fam}-`) ? teacher.slice(fam.length + 1) : teacher);
  if (selection.kind === 'random') parts.push('rand');
  if (selection.kind === 'knn-prompt' || selection.kind === 'knn-response') {
    parts.push(`${selection.k === 3 ? 'knn' : `${selection.k}nn`}-${selection.kind === 'knn-prompt' ? 'prompt_similar' : 'response_similar'}`);
  }
  if (hint) parts.push('summary');
  return parts.join('-');
}

/** Whether the importer's handle parser reads `handle` back as an ICL (or base) system of `family`. */
export function handleRoundTrips(handle: string, family: string): boolean {
  const d = describeSystem(handle);
  return d.family === handleSlug(family) && (d.kind === 'icl' || d.kind === 'base');
}
