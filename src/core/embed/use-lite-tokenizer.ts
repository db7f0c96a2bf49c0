// Makes a Transformers.js tokenizer for overton/use-lite produce exactly the ids of the original USE-lite JS tokenizer.
// tokenizer.json alone matches except on exact score ties (runs like `-----`, `aaaa`): the original Viterbi keeps the
// LAST best candidate (`>=`) and compares path totals, whereas Transformers.js keeps the first (`>`) and compares
// lnode + rnode sums, whose rounding can create or destroy ties. See shared/model-notes/use-lite.md §5.4 and §6.3.
// The patch replays the original literally: one lattice over the whole normalised text, f64 path totals summed
// from its start, last maximum wins, and a running best of exactly 0 counts as unset.

/** Transformers.js model id of the converted encoder (a folder under `env.localModelPath`). */
export const USE_LITE_MODEL_ID = 'overton/use-lite';
/** Embedding dimension; output vectors are L2-normalised. */
export const USE_LITE_DIM = 512;
/** Tokens after the 128th are ignored by the model, as in the original. */
export const USE_LITE_MAX_TOKENS = 128;

interface LatticeNode {
  score: number;
  backtrace_score: number;
  prev: LatticeNode | null;
}

interface Lattice {
  len: number;
  begin_nodes: LatticeNode[][];
  end_nodes: LatticeNode[][];
  viterbi: () => LatticeNode[];
}

interface UnigramModel {
  trie: unknown;
  vocab: string[];
  tokenize: (normalized: string) => string[];
  encode: (sections: string[]) => string[];
  scores: number[];
  tokens_to_ids: Map<string, number>;
  unk_token_id: number;
  unk_score: number;
  populate_nodes: (lattice: Lattice) => void;
}

const PATCHED = Symbol.for('overton.useLiteViterbiPatched');

/**
 * The original's Viterbi on a Transformers.js v4 lattice: for each position take the best node ending there by
 * its path total alone, keeping the last maximum in stored (ascending start) order; nodes starting there extend it.
 * A best total of exactly 0 is replaced by the next candidate, as the original's `best[end] === 0` test does
 * (it fires on pieces starting with `▁:`, whose scores are null in vocab.json and so act as 0).
 */
function viterbiLastBest(this: Lattice): LatticeNode[] {
  for (let pos = 0; pos <= this.len; pos++) {
    const begins = this.begin_nodes[pos] ?? [];
    if (begins.length === 0) return [];
    let best: LatticeNode | null = null;
    let bestScore = 0;
    for (const lnode of this.end_nodes[pos] ?? []) {
      if (best === null || bestScore === 0 || lnode.backtrace_score >= bestScore) {
        best = lnode;
        bestScore = lnode.backtrace_score;
      }
    }
    if (best === null) return [];
    for (const rnode of begins) {
      rnode.prev = best;
      rnode.backtrace_score = bestScore + rnode.score;
    }
  }
  const eos = this.begin_nodes[this.len]?.[0];
  const results: LatticeNode[] = [];
  let node = eos?.prev ?? null;
  while (node !== null && node.prev !== null) {
    results.push(node);
    node = node.prev;
  }
  return results.reverse();
}

function isUnigram(x: unknown): x is UnigramModel {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false;
  const o = x as Record<string, unknown>;
  return (
    'trie' in o &&
    Array.isArray(o.scores) &&
    o.tokens_to_ids instanceof Map &&
    typeof o.populate_nodes === 'function' &&
    typeof o.tokenize === 'function' &&
    typeof o.encode === 'function'
  );
}

/** Breadth-first search of own properties; Transformers.js objects are Callables, so functions are searched too. */
function findUnigram(root: unknown): UnigramModel | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  while (queue.length > 0) {
    const x = queue.shift();
    if (x === null || (typeof x !== 'object' && typeof x !== 'function') || seen.has(x)) continue;
    seen.add(x);
    if (isUnigram(x)) return x;
    if (Array.isArray(x) || x instanceof Map || ArrayBuffer.isView(x)) continue;
    for (const key of Object.keys(x)) {
      if (key === 'vocab' || key === 'scores' || key === 'tokens_to_ids') continue;
      queue.push((x as Record<string, unknown>)[key]);
    }
  }
  return null;
}

/**
 * Patches a Transformers.js v4 tokenizer loaded from overton/use-lite (e.g. `AutoTokenizer.from_pretrained(...)` or
 * `pipeline(...).tokenizer`) in place so its ids equal the original JS tokenizer's. Idempotent. Only this
 * tokenizer instance changes: the new Viterbi is set on each lattice it builds, not on the shared prototype.
 * Throws if no Unigram model is found (an incompatible Transformers.js version) or if it is not USE lite's.
 * Returns the tokenizer for chaining.
 */
export function patchUseLiteTokenizer<T>(tokenizer: T): T {
  const model = findUnigram(tokenizer);
  if (model === null) throw new Error('patchUseLiteTokenizer: no Unigram tokenizer model found (Transformers.js v4 expected)');
  // The patch rejoins pre-tokenizer sections and changes tie-breaking: right for USE lite only. Its tokenizer.json
  // is recognisable by 8000 pieces with the unreachable specials written as " <s>" (build-model's marker).
  if (!Array.isArray(model.vocab) || model.vocab.length !== 8000 || model.vocab[1] !== ' <s>') {
    throw new Error('patchUseLiteTokenizer: this is not the overton/use-lite tokenizer (expected 8000 pieces with id 1 = " <s>")');
  }
  const flagged = model as unknown as Record<symbol, boolean>;
  if (flagged[PATCHED]) return tokenizer;
  // The original gives an unknown character score 0 (Transformers.js: min − 10). The argmax is the same either
  // way, but the constant changes the rounding of later sums and so which candidates tie.
  model.unk_score = 0;
  model.scores[model.unk_token_id] = 0;
  // tokenizer.json isolates a leading `▁` before `:` to approximate the zero quirk for unpatched users; that split
  // shifts later path totals by a constant and so changes float ties. Rejoin the sections into one lattice instead.
  model.encode = function encodeWhole(this: UnigramModel, sections: string[]): string[] {
    return sections.length === 0 ? [] : this.tokenize(sections.join(''));
  };
  const populate = model.populate_nodes;
  model.populate_nodes = function populateNodesPatched(this: UnigramModel, lattice: Lattice): void {
    if (typeof lattice.viterbi !== 'function' || !Array.isArray(lattice.begin_nodes) || !Array.isArray(lattice.end_nodes)) {
      throw new Error('patchUseLiteTokenizer: unexpected TokenLattice shape (Transformers.js v4 expected)');
    }
    lattice.viterbi = viterbiLastBest;
    populate.call(this, lattice);
  };
  flagged[PATCHED] = true;
  return tokenizer;
}

/**
 * Returns a prefix of `text` that tokenises to the same first `maxTokens` ids as `text` itself (and to more than
 * `maxTokens` ids if `text` does), so long texts need not be tokenised in full before the model drops all but 128.
 * Exact, not heuristic: no vocabulary piece has `▁` after its first character, so every U+0020 (→ `▁`) starts a
 * token on every Viterbi path, and the lattice up to that point does not depend on what follows. The cut is
 * placed just before a U+0020; NFKC never merges across one.
 * `countTokens(s)` must return the number of ids of `s` (e.g. `tokenizer.encode(s, {add_special_tokens:false}).length`).
 * Texts with no suitable space are returned whole.
 */
export function clipForUseLite(text: string, countTokens: (s: string) => number, maxTokens: number = USE_LITE_MAX_TOKENS): string {
  // LIMA-OE answers average 4.3 UTF-16 units per token (max 5.2 over 257 texts): one try nearly always suffices.
  let cutAt = Math.ceil(maxTokens * 5.5);
  while (cutAt < text.length) {
    const space = text.indexOf(' ', cutAt);
    if (space < 0) return text;
    const prefix = text.slice(0, space);
    if (countTokens(prefix) > maxTokens) return prefix;
    cutAt = Math.ceil(space * 1.5) + 1;
  }
  return text;
}
