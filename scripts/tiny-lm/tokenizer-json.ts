// Byte-level BPE tokenizer files for the tiny test LM: GPT-2's byte alphabet, no merges, so every text round-trips.

/** Id of `<|endoftext|>`, the tiny LM's BOS, EOS and pad token (after the 256 byte tokens). */
export const EOS_ID = 256;
/** Vocabulary size: 256 bytes + EOS. */
export const VOCAB_SIZE = 257;
export const EOS_TOKEN = '<|endoftext|>';

/** GPT-2's reversible byte → printable-character map (the ByteLevel pre-tokenizer's alphabet). */
export function bytesToUnicode(): string[] {
  const keep: number[] = [];
  for (let b = 33; b <= 126; b++) keep.push(b);
  for (let b = 161; b <= 172; b++) keep.push(b);
  for (let b = 174; b <= 255; b++) keep.push(b);
  const out = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    out[b] = keep.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return out;
}

/** tokenizer.json as an object: token id = byte value, 256 = EOS. */
export function buildTinyTokenizerJson(): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  bytesToUnicode().forEach((ch, b) => (vocab[ch] = b));
  vocab[EOS_TOKEN] = EOS_ID;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: EOS_ID, content: EOS_TOKEN, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: [],
    },
  };
}

/** tokenizer_config.json: a GPT-2 tokenizer that adds no BOS, so a prompt's ids are exactly its bytes. */
export function buildTinyTokenizerConfig(maxTokens: number): Record<string, unknown> {
  return {
    tokenizer_class: 'GPT2Tokenizer',
    bos_token: EOS_TOKEN,
    eos_token: EOS_TOKEN,
    unk_token: EOS_TOKEN,
    pad_token: EOS_TOKEN,
    add_bos_token: false,
    add_prefix_space: false,
    clean_up_tokenization_spaces: false,
    model_max_length: maxTokens,
  };
}
