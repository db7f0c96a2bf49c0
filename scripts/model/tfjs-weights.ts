// Reads a TF.js graph-model's weight shards (model.json + group1-shard*) into named typed arrays, in Node.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One weight tensor from the manifest; `data` views the concatenated shard buffer (row-major, `shape`). */
export interface TfjsWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: unknown;
}

interface ModelJson {
  weightsManifest: { paths: string[]; weights: ManifestEntry[] }[];
}

/**
 * Loads every weight of `<dir>/model.json`. Shards are a plain byte split, so they are concatenated in
 * manifest order and the weights are walked with offset += prod(shape)·4 (tensors straddle shards).
 * Throws on anything this model does not use (quantisation, other dtypes, a size mismatch).
 */
export async function readTfjsWeights(dir: string): Promise<Map<string, TfjsWeight>> {
  const model = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as ModelJson;
  const out = new Map<string, TfjsWeight>();
  for (const group of model.weightsManifest) {
    const shards = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
    const total = shards.reduce((s, b) => s + b.byteLength, 0);
    const buf = new ArrayBuffer(total);
    const bytes = new Uint8Array(buf);
    let at = 0;
    for (const s of shards) {
      bytes.set(s, at);
      at += s.byteLength;
    }
    let offset = 0;
    for (const w of group.weights) {
      if (w.quantization !== undefined) throw new Error(`unexpected quantised weight ${w.name}`);
      if (w.dtype !== 'float32' && w.dtype !== 'int32') throw new Error(`unexpected dtype ${w.dtype} for ${w.name}`);
      const n = w.shape.reduce((a, b) => a * b, 1);
      const data = w.dtype === 'float32' ? new Float32Array(buf, offset, n) : new Int32Array(buf, offset, n);
      out.set(w.name, { name: w.name, shape: w.shape, dtype: w.dtype, data });
      offset += n * 4;
    }
    if (offset !== total) throw new Error(`weights cover ${offset} bytes but shards hold ${total}`);
  }
  return out;
}
