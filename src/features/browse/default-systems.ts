// Picks the systems a browse view shows before the user chooses: a base model, its aligned model, and one ICL variant.

import type { SystemInfo } from '../../core/model/types';

/**
 * The paper's core comparison for the available systems: the first base model (preferring `llama-2-base`), the
 * aligned model of the same family, and the plain ICL variant imitating that aligned model (e.g. `llama-2-icl-chat`),
 * falling back to any ICL system of the family, then to any ICL system. Returns handles in that order; fewer when some are missing.
 */
export function defaultSystems(available: readonly SystemInfo[]): string[] {
  const base = available.find((s) => s.id === 'llama-2-base') ?? available.find((s) => s.kind === 'base');
  const family = base?.family;
  const aligned =
    available.find((s) => s.kind === 'aligned' && s.family === family) ?? available.find((s) => s.kind === 'aligned');
  // Systems the user classified by hand (generic files) rarely share a family name: then any ICL system will do.
  const anyIcl = available.filter((s) => s.kind === 'icl');
  const sameFamily = anyIcl.filter((s) => family === undefined || s.family === family);
  const icls = sameFamily.length ? sameFamily : anyIcl;
  const plain = (s: SystemInfo) => !s.selection || s.selection === 'fixed';
  const icl =
    icls.find((s) => aligned && s.teacherSystem === aligned.id && plain(s) && !s.hint) ??
    icls.find((s) => plain(s) && !s.hint) ??
    icls[0];
  const out = [base, aligned, icl].filter((s): s is SystemInfo => s !== undefined).map((s) => s.id as string);
  if (out.length === 0) return available.slice(0, 3).map((s) => s.id);
  return out;
}
