// Batch prompt selections as typed: "all", or numbers and ranges such as "0-9, 12".

/** Parses "0-9, 12" into sorted distinct prompt indices of the dataset; errors name the bad part. */
export function parsePromptList(text: string, valid: ReadonlySet<number>): { prompts: number[] } | { error: string } {
  const t = text.trim();
  if (t === '' || t === 'all') return { prompts: [...valid].sort((a, b) => a - b) };
  const out = new Set<number>();
  for (const part of t.split(',').map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) return { error: `"${part}" is not a prompt number or range (e.g. 0-9, 12)` };
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return { error: `"${part}" runs backwards` };
    for (let i = a; i <= b; i++) {
      if (!valid.has(i)) return { error: `prompt ${i} is not in this dataset` };
      out.add(i);
    }
  }
  return { prompts: [...out].sort((x, y) => x - y) };
}
