// Prompt size: characters, a token estimate, and the context-overflow warning (the paper lost 240 of 250 five-example generations to it).

/**
 * Characters per token assumed by {@link estimateTokens}. Measured on the paper's own overflow errors: the 48
 * LIMA-OE `-5nn-` prompts TGI rejected report their Llama-2 token counts, at 4.05–4.72 characters per token (mean
 * 4.40). 4 errs on the side of more tokens, so the warning fires a little early rather than late.
 */
export const CHARS_PER_TOKEN = 4;

/** Length in UTF-16 code units, as the editor counts characters. */
export function charLength(text: string): number {
  return text.length;
}

/** A tokenizer-free token estimate: `ceil(chars / CHARS_PER_TOKEN)`; an upper-side guess for English Llama/GPT tokenizers. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** What {@link promptBudget} reports. */
export interface PromptBudget {
  chars: number;
  /** {@link estimateTokens} of the prompt. */
  tokens: number;
  /** Estimated prompt tokens + `maxNewTokens`. */
  total: number;
  contextTokens: number;
  /** True when `total` exceeds the stated context: the server would refuse or truncate. */
  overflow: boolean;
  /** A sentence for the UI/CLI when `overflow`, else null. */
  warning: string | null;
}

/**
 * Size of a prompt against a stated context window (`contextTokens`, e.g. 4096 for Llama-2) with room for
 * `maxNewTokens` of answer. Both are token counts; `maxNewTokens` defaults to 0.
 */
export function promptBudget(text: string, contextTokens: number, maxNewTokens = 0): PromptBudget {
  const tokens = estimateTokens(text);
  const total = tokens + maxNewTokens;
  const overflow = total > contextTokens;
  return {
    chars: text.length,
    tokens,
    total,
    contextTokens,
    overflow,
    warning: overflow
      ? `about ${tokens} prompt tokens + ${maxNewTokens} new tokens exceeds the ${contextTokens}-token context; remove examples or shorten them`
      : null,
  };
}
