// Builds the Transformers.js tokenizer files for USE lite from its vocab.json (model notes §5–§6, config "B").
// Config B alone still differs from the original on exact score ties; src/core/embed/use-lite-tokenizer.ts patches those.

/** A vocab.json entry: [piece, score]; the shipped file has `null` scores the original tokenizer relies on. */
export type VocabEntry = [string, number | null];

/** Ids 1–5 (`<s>`, `</s>`, `extra_token_id_1..3`) are never produced by the original tokenizer. */
const RESERVED_IDS = 6;

/**
 * Returns tokenizer.json as an object. Vocab rules: keep every id and order; `null` scores act as 0 in the
 * original (JS `null + x`), so they become 0.0; ids 1–5 get a leading U+0020, which the normaliser removes from
 * every input, so they can never match (the original builds its trie from ids ≥ 6 only).
 */
export function buildTokenizerJson(vocab: VocabEntry[]): Record<string, unknown> {
  if (vocab.length !== 8000) throw new Error(`expected 8000 vocab entries, got ${vocab.length}`);
  const pieces = vocab.map(([piece, score], id): [string, number] => [
    id > 0 && id < RESERVED_IDS ? ` ${piece}` : piece,
    score ?? 0,
  ]);
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'NFKC' },
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    // The original treats a path total of exactly 0 as "unset"; every piece starting with `▁:` scores 0, so a
    // text starting with ':' tokenises as `▁` followed by the rest on its own. Isolating that `▁` reproduces it.
    pre_tokenizer: { type: 'Split', pattern: { Regex: '^▁(?=:)' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, byte_fallback: false, vocab: pieces },
  };
}

/** tokenizer_config.json; pad id 0 is harmless because padding is masked, but it must be on the right: the graph
 * takes positions as 0..T−1. */
export function buildTokenizerConfig(maxTokens: number): Record<string, unknown> {
  return {
    tokenizer_class: 'PreTrainedTokenizer',
    model_max_length: maxTokens,
    pad_token: '\ufffd',
    padding_side: 'right',
    clean_up_tokenization_spaces: false,
  };
}
