// Makes a Transformers.js tokenizer for overton/use-lite produce exactly the ids of the original USE-lite JS tokenizer.
// tokenizer.json alone matches except on exact score ties (runs like `-----`, `aaaa`) and some texts starting with
// `:` (shared/model-notes/use-lite.md §5–§6): the original Viterbi keeps the LAST best candidate (`>=`), treats a
// running best of exactly 0 as unset, and sums f64 path totals from the start of the whole text; Transformers.js
// keeps the first (`>`), has no zero quirk, and restarts at each pre-tokenizer section. The patch swaps the Unigram
// model's `tokenize` for a port of the original (one pass over the whole normalised text), which is also faster.

/** Transformers.js model id of the converted encoder (a folder under `env.localModelPath`). */
export const USE_LITE_MODEL_ID = 'overton/use-lite';
/** Embedding dimension; output vectors are L2-normalised. */
export const USE_LITE_DIM = 512;
/** Tokens after the 128th are ignored by the model, as in the original. */
export const USE_LITE_MAX_TOKENS = 128;

/** The original tokenizer never matches ids 0–5 (`�`, `<s>`, `</s>`, `extra_token_id_1..3`). */
const RESERVED_IDS = 6;

interface UnigramModel {
  vocab: string[];
  scores: number[];
  tokens_to_ids: Map<string, number>;
  tokenize: (normalized: string) => string[];
  encode: (sections: string[]) => string[];
}

/** A trie over code points; `id` ≥ 0 where a piece ends. */
interface TrieNode {
  next: Map<string, TrieNode>;
  id: number;
  score: number;
}

const PATCHED = Symbol.for('overton.useLiteTokenizerPatched');

function buildTrie(vocab: string[], scores: number[]): TrieNode {
  const root: TrieNode = { next: new Map(), id: -1, score: 0 };
  // In id order, so a duplicated piece (`”5` ×3) keeps the last id and score, as the original's trie does.
  for (let id = RESERVED_IDS; id < vocab.length; id++) {
    let node = root;
    for (const ch of vocab[id] as string) {
      let child = node.next.get(ch);
      if (child === undefined) {
        child = { next: new Map(), id: -1, score: 0 };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.id = id;
    node.score = scores[id] ?? 0;
  }
  return root;
}

/**
 * The original Viterbi (energetic-ai / tfjs-models USE `Tokenizer.encode`) over an already-normalised text, returning
 * piece strings for Transformers.js to map to ids. Candidates for each end position arrive in ascending start order;
 * one is taken if the running best is exactly 0 (unset, or a zero-score path such as a leading `▁:`) or if it is
 * `>=` the best, so ties go to the last. A position no piece starts at becomes one unknown character of score 0;
 * runs of unknowns are merged by Transformers.js' `fuse_unk`, as the original merges consecutive id-0 tokens.
 */
function tokenizeOriginal(root: TrieNode, vocab: string[], normalized: string): string[] {
  const chars = Array.from(normalized);
  const n = chars.length;
  const best = new Float64Array(n + 1);
  const ids = new Int32Array(n + 1);
  const lens = new Int32Array(n + 1);
  const relax = (start: number, end: number, id: number, score: number) => {
    const total = score + (best[start] as number);
    if (best[end] === 0 || total >= (best[end] as number)) {
      best[end] = total;
      ids[end] = id;
      lens[end] = end - start;
    }
  };
  for (let i = 0; i < n; i++) {
    let node = root.next.get(chars[i] as string);
    let matched = false;
    for (let k = i; node !== undefined; ) {
      if (node.id >= 0) {
        relax(i, k + 1, node.id, node.score);
        matched = true;
      }
      if (++k >= n) break;
      node = node.next.get(chars[k] as string);
    }
    if (!matched) relax(i, i + 1, -1, 0);
  }
  const pieces: string[] = [];
  // An end never reached (impossible with this vocabulary) reads as id 0 of length 1, as in the original.
  for (let end = n, len = 1; end > 0; end -= len) {
    len = (lens[end] as number) || 1;
    const id = ids[end] as number;
    pieces.push(id >= 0 ? (vocab[id] as string) : chars.slice(end - len, end).join(''));
  }
  return pieces.reverse();
}

function isUnigram(x: unknown): x is UnigramModel {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false;
  const o = x as Record<string, unknown>;
  return (
    'trie' in o &&
    Array.isArray(o.vocab) &&
    Array.isArray(o.scores) &&
    o.tokens_to_ids instanceof Map &&
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
    for (const key of Object.keys(x)) queue.push((x as Record<string, unknown>)[key]);
  }
  return null;
}

/**
 * Patches a Transformers.js v4 tokenizer loaded from overton/use-lite (e.g. `AutoTokenizer.from_pretrained(...)` or
 * `pipeline(...).tokenizer`) in place so its ids equal the original JS tokenizer's. Idempotent; only this tokenizer
 * instance changes. Throws if no Unigram model is found (an incompatible Transformers.js version) or if it is not
 * USE lite's. Returns the tokenizer for chaining.
 */
export function patchUseLiteTokenizer<T>(tokenizer: T): T {
  const model = findUnigram(tokenizer);
  if (model === null) throw new Error('patchUseLiteTokenizer: no Unigram tokenizer model found (Transformers.js v4 expected)');
  // The patch changes segmentation: right for USE lite only. Its tokenizer.json is recognisable by 8000 pieces
  // with the unreachable specials written as " <s>" (build-model's marker).
  if (model.vocab.length !== 8000 || model.vocab[1] !== ' <s>') {
    throw new Error('patchUseLiteTokenizer: this is not the overton/use-lite tokenizer (expected 8000 pieces with id 1 = " <s>")');
  }
  const flagged = model as unknown as Record<symbol, boolean>;
  if (flagged[PATCHED]) return tokenizer;
  const root = buildTrie(model.vocab, model.scores);
  const vocab = model.vocab;
  model.tokenize = (normalized: string): string[] => tokenizeOriginal(root, vocab, normalized);
  // tokenizer.json isolates a leading `▁` before `:` to approximate the zero quirk for unpatched users; that split
  // shifts later path totals and so changes float ties. The original sees one text: rejoin the sections.
  model.encode = (sections: string[]): string[] => (sections.length === 0 ? [] : model.tokenize(sections.join('')));
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
