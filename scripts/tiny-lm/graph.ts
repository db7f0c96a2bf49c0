// The tiny causal LM's ONNX graph: a 2-layer, 2-head transformer with a KV cache, in the input/output layout
// Transformers.js' decoder path expects (input_ids, attention_mask, past_key_values.{i}.key/value → logits, present.{i}.*).
import { DT, GraphBuilder } from '../model/onnx-builder';
import { EOS_ID, VOCAB_SIZE } from './tokenizer-json';

/** Shape of the tiny LM; random weights, so only the plumbing (cache, sampling, streaming) is meaningful. */
export const TINY_LM = { layers: 2, heads: 2, headDim: 16, hidden: 32, ffn: 64, vocab: VOCAB_SIZE } as const;

/** mulberry32: a seeded PRNG, so the same script always writes the same weights (and the same greedy text). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(next(), 1e-12);
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next()) * std;
  }
  return out;
}

/**
 * Logit bias: printable ASCII and newline are open, every other byte is effectively banned (so decoded text is
 * valid UTF-8 and readable), and EOS is strongly discouraged so generation runs until max tokens or a stop string.
 */
function logitBias(): Float32Array {
  const bias = new Float32Array(VOCAB_SIZE).fill(-40);
  for (let b = 32; b <= 126; b++) bias[b] = 0;
  bias[10] = -1;
  bias[32] = 1.5; // spaces make the random text look like words, which helps people reading screenshots
  for (const c of 'etaoinsrhl') bias[c.charCodeAt(0)] = 1;
  bias[EOS_ID] = -12;
  return bias;
}

/** Returns the serialised ONNX model (opset 14). Same `seed` → byte-identical model. */
export function buildTinyLmOnnx(seed = 20250501): Uint8Array {
  const { layers, heads, headDim, hidden, ffn, vocab } = TINY_LM;
  const next = rng(seed);
  const g = new GraphBuilder();
  const ids = g.input('input_ids', DT.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', DT.INT64, ['batch_size', 'total_sequence_length']);
  const pastNames: string[][] = [];
  for (let i = 0; i < layers; i++) {
    pastNames.push([
      g.input(`past_key_values.${i}.key`, DT.FLOAT, ['batch_size', heads, 'past_sequence_length', headDim]),
      g.input(`past_key_values.${i}.value`, DT.FLOAT, ['batch_size', heads, 'past_sequence_length', headDim]),
    ]);
  }

  const wte = g.float('wte', [vocab, hidden], gaussian(next, vocab * hidden, 1));
  let h = g.op('Gather', [wte, ids], { axis: 0 }); // [B,S,D]

  // Padding mask as an additive bias [B,1,1,T]; no causal mask is needed for generation because only the last
  // position's logits are ever sampled, and it sees exactly the tokens before it.
  const fMask = g.op('Cast', [mask], { to: DT.FLOAT });
  const bias = g.op('Unsqueeze', [
    g.op('Mul', [g.op('Sub', [g.float('one', [], [1]), fMask]), g.float('neg_big', [], [-1e4])]),
    g.int64('axes12', [1, 2]),
  ]);
  const headShape = g.int64('head_shape', [0, 0, heads, headDim]);
  const flatShape = g.int64('flat_shape', [0, 0, hidden]);
  const scale = g.float('attn_scale', [], [1 / Math.sqrt(headDim)]);
  const wStd = 1 / Math.sqrt(hidden);

  for (let i = 0; i < layers; i++) {
    const w = (name: string, rows: number, cols: number, std = wStd) => g.float(`l${i}_${name}`, [rows, cols], gaussian(next, rows * cols, std));
    const toHeads = (t: string) => g.op('Transpose', [g.op('Reshape', [t, headShape])], { perm: [0, 2, 1, 3] });
    const q = toHeads(g.op('MatMul', [h, w('wq', hidden, hidden)]));
    const k = toHeads(g.op('MatMul', [h, w('wk', hidden, hidden)]));
    const v = toHeads(g.op('MatMul', [h, w('wv', hidden, hidden)]));
    const [pastK, pastV] = pastNames[i] as [string, string];
    const keys = g.op('Concat', [pastK, k], { axis: 2 }, `present.${i}.key`);
    const values = g.op('Concat', [pastV, v], { axis: 2 }, `present.${i}.value`);
    g.output(keys, DT.FLOAT, ['batch_size', heads, 'total_sequence_length', headDim]);
    g.output(values, DT.FLOAT, ['batch_size', heads, 'total_sequence_length', headDim]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [keys], { perm: [0, 1, 3, 2] })]), scale]), bias]);
    const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), values])], { perm: [0, 2, 1, 3] }), flatShape]);
    h = g.op('Add', [h, g.op('MatMul', [ctx, w('wo', hidden, hidden)])]);
    const up = g.op('Relu', [g.op('MatMul', [h, w('w1', hidden, ffn)])]);
    h = g.op('Add', [h, g.op('MatMul', [up, w('w2', ffn, hidden, 1 / Math.sqrt(ffn))])]);
  }
  const head = g.float('lm_head', [hidden, vocab], gaussian(next, hidden * vocab, 0.5 / Math.sqrt(hidden)));
  const logits = g.op('Add', [g.op('MatMul', [h, head]), g.float('logit_bias', [vocab], logitBias())], {}, 'logits');
  g.output(logits, DT.FLOAT, ['batch_size', 'sequence_length', vocab]);
  return g.encode('tiny_lm', 14, 'Overton tiny causal LM for offline tests: random weights, byte-level vocabulary, not a language model.');
}
