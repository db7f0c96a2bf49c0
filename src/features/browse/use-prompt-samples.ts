// The samples of one (split, system) for one prompt, grouped once per loaded chunk.

import { useQuery } from '@tanstack/react-query';
import { samplesQuery } from '../../data/queries';
import type { Sample } from '../../core/model/types';

const EMPTY: Sample[] = [];

// Module-level so TanStack Query memoises the grouping per chunk instead of per render.
function byPrompt(samples: Sample[]): Map<number, Sample[]> {
  const m = new Map<number, Sample[]>();
  for (const s of samples) {
    let g = m.get(s.prompt);
    if (!g) m.set(s.prompt, (g = []));
    g.push(s);
  }
  return m;
}

/** The prompt's samples in sample order; `[]` while loading or when the system has none for it. */
export function usePromptSamples(datasetKey: string, split: string, system: string, prompt: number) {
  const q = useQuery({ ...samplesQuery(datasetKey, split, system), select: byPrompt });
  return { samples: q.data?.get(prompt) ?? EMPTY, isPending: q.isPending, error: q.error };
}
