// The one name for "which sample": (system, prompt, sample index) within a split, and its stable string key.

/**
 * Points at one sample of a dataset split: the system that wrote it, the prompt's index and the sample's position
 * among that prompt's samples for the system (0-based, failed ones included; 0 is the paper's reference sample).
 * Used by the selection store, the embedder worker's row index, the semantic measures and the views alike.
 */
export interface SampleRef {
  system: string;
  prompt: number;
  index: number;
}

/** A stable string key for a sample of one split: `<prompt>/<index>/<system>` (system last, so it may hold `/`). */
export function sampleKey(s: SampleRef): string {
  return `${s.prompt}/${s.index}/${s.system}`;
}

/** Inverse of {@link sampleKey}; null for a malformed key. */
export function parseSampleKey(key: string): SampleRef | null {
  const m = /^(\d+)\/(\d+)\/(.*)$/s.exec(key);
  return m ? { prompt: Number(m[1]), index: Number(m[2]), system: m[3]! } : null;
}

/** Whether two refs name the same sample. */
export function sameSample(a: SampleRef | null | undefined, b: SampleRef | null | undefined): boolean {
  return !!a && !!b && a.system === b.system && a.prompt === b.prompt && a.index === b.index;
}
