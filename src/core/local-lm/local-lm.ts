// The in-browser generator's contract: which model, which sampling parameters, what a finished sample reports.

/** Where the model files come from: the project-built tiny test LM, a Hugging Face Hub id, or a picked folder. */
export type LocalModelSource = 'bundled' | 'hub' | 'folder';

/** ONNX weight precision; picks `onnx/model.onnx` (fp32), `model_quantized.onnx` (q8), `model_q4.onnx`, `model_fp16.onnx`. */
export type LocalModelDtype = 'fp32' | 'q8' | 'q4' | 'fp16';

/** A causal LM Transformers.js can load. */
export interface LocalModelDescriptor {
  source: LocalModelSource;
  /** `overton/tiny-lm`, a Hub id such as `HuggingFaceTB/SmolLM2-135M`, or `folder/<name>`. */
  id: string;
  /** Human label for the UI and for saved run configurations. */
  label: string;
  dtype: LocalModelDtype;
}

/** Id of the tiny random-weight LM that `npm run build:tiny-lm` writes to `public/models/overton/tiny-lm/`. */
export const TINY_LM_ID = 'overton/tiny-lm';

/** The bundled tiny LM: it produces gibberish on purpose; it exists so the whole path runs offline. */
export const TINY_LM: LocalModelDescriptor = {
  source: 'bundled',
  id: TINY_LM_ID,
  label: 'Tiny test LM (bundled, random weights)',
  dtype: 'fp32',
};

/** A Hub model (needs the network once; then the browser cache). */
export function hubLm(id: string, dtype: LocalModelDtype = 'q4'): LocalModelDescriptor {
  return { source: 'hub', id: id.trim(), label: `${id.trim()} (Hugging Face Hub)`, dtype };
}

/** Cache key of a descriptor: two descriptors with the same key load the same session. */
export function localModelKey(d: LocalModelDescriptor): string {
  return `${d.source}|${d.id}|${d.dtype}`;
}

/** Sampling parameters of one sample. `temperature` 0 means greedy decoding (then `topP` and `seed` do not matter). */
export interface LocalGenParams {
  /** The full rendered prompt (raw completion: no chat template is applied). */
  prompt: string;
  /** New tokens at most. */
  maxTokens: number;
  temperature: number;
  /** Nucleus mass in (0, 1]; 1 = off. */
  topP: number;
  /** 1 = off; > 1 penalises tokens already present (Transformers.js `repetition_penalty`). */
  repetitionPenalty?: number;
  /** Generation ends at the first of these; the stop string itself is not part of the text. */
  stop: string[];
  /** Seeds Transformers.js' Mersenne Twister before this sample, so the same seed gives the same text. */
  seed?: number;
}

/** Why a sample ended, in OpenAI's words plus `cancelled`. `stop` covers both EOS and a stop string. */
export type LocalFinishReason = 'stop' | 'length' | 'cancelled';

/** A finished (or cancelled) sample. */
export interface LocalGenResult {
  /** Generated text, cut before the first stop string. */
  text: string;
  finishReason: LocalFinishReason;
  /** Which stop string ended it, if one did. */
  stopString?: string;
  promptTokens: number;
  /** Tokens generated (including any that formed the stop string). */
  completionTokens: number;
  /** Wall time of the generate call in ms. */
  ms: number;
  device: string;
}

/** What `load` reports. */
export interface LocalEngineInfo {
  modelKey: string;
  modelId: string;
  device: string;
  loadMs: number;
  /** The tokenizer's `model_max_length` (the context the model claims), or null when it does not say. */
  contextTokens: number | null;
}

/**
 * Error names (only `name` and `message` cross a worker boundary):
 * `LmCancelled`, `LmModelFilesMissing`, `LmModelNotFound`, `LmOffline`, `LmLoadFailed`, `LmGenerateFailed`.
 */
export function lmError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}
