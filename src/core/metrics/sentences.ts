// A small rule-based sentence splitter (Punkt-like, no training data) for coverage measures and the Treebank tokenizer.

/** Lowercased abbreviations (without the final period) after which a period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'al', 'approx', 'no', 'fig',
  'inc', 'ltd', 'co', 'corp', 'dept', 'est', 'govt', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept',
  'oct', 'nov', 'dec', 'mt', 'u.s', 'u.k', 'a.m', 'p.m', 'ph.d', 'vol', 'pp', 'ed', 'eds', 'gen', 'gov', 'sen', 'rep',
]);

// End punctuation, optional closing quotes/brackets, then whitespace and something that can open a sentence.
const BOUNDARY = /([.!?]+)(["'”’)\]]*)(\s+)(?=["'“‘([]?[\p{Lu}\p{N}])/gu;

/** Options for {@link splitSentences}. */
export interface SplitOptions {
  /** Also break at every newline (list items, headings become their own sentences). Default true. */
  lines?: boolean;
}

/**
 * Splits a text into sentences: at `.`, `!`, `?` (plus closing quotes) followed by whitespace and an upper-case letter
 * or digit, except after a known abbreviation, a single-letter initial, or a list number such as `1.`; and, unless
 * `lines: false`, at newlines. Returns trimmed, non-empty sentences in order.
 */
export function splitSentences(text: string, opts: SplitOptions = {}): string[] {
  const chunks = opts.lines === false ? [text] : text.split(/\n+/);
  const out: string[] = [];
  for (const chunk of chunks) {
    let start = 0;
    for (const m of chunk.matchAll(BOUNDARY)) {
      const end = m.index + m[1]!.length + m[2]!.length;
      if (m[1] === '.') {
        const before = chunk.slice(start, m.index);
        const last = /(\S+)$/.exec(before)?.[1] ?? '';
        const word = last.toLowerCase().replace(/^["'“‘([]+/, '');
        const listNumber = /^\d+$/.test(word) && before.trim() === last;
        if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || listNumber) continue;
      }
      const s = chunk.slice(start, end).trim();
      if (s) out.push(s);
      start = end + m[3]!.length;
    }
    const rest = chunk.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}
