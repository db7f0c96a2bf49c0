// Benchmark: blocked cosine matrix (core/similarity) vs the straightforward per-pair loop over number[][], seeded vectors.
import { cosineMatrix, naiveCosineMatrix, toRows, topK } from '../src/core/similarity/cosine';
import { randomVectors } from '../src/core/similarity/random';
import { hasSimd } from '../src/core/similarity/simd';
import { table } from './lib/browser';
import type { Bench } from './run';

const DIM = 512;

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

export const bench: Bench = {
  title: 'cosine: blocked kernels (JS 4×4 tiles, Wasm SIMD 2×4) vs naive per-pair loop (dim 512, seeded)',
  async run(args) {
    const only = args.find((a) => a.startsWith('--n='));
    const sizes = only ? [Number(only.slice(4))] : [1000, 2000, 5000];
    // Warm every code path up so none pays JIT compilation inside a timed run.
    const warm = { data: randomVectors(256, DIM, 7), n: 256, dim: DIM };
    cosineMatrix(warm);
    cosineMatrix(warm, undefined, { engine: 'js' });
    naiveCosineMatrix(toRows(warm));
    console.log(`Wasm SIMD available: ${hasSimd()}`);
    const rows: (string | number)[][] = [];
    let last = 0;
    for (const n of sizes) {
      const v = { data: randomVectors(n, DIM, 42 + n), n, dim: DIM };
      const plain = toRows(v);
      // fast, naive, fast: the mean of the fast runs on either side of the naive one, so load drift on a shared
      // machine hits both sides alike.
      const s1 = time(() => cosineMatrix(v));
      const j1 = time(() => cosineMatrix(v, undefined, { engine: 'js' }));
      const nv = time(() => naiveCosineMatrix(plain));
      const j2 = time(() => cosineMatrix(v, undefined, { engine: 'js' }));
      const s2 = time(() => cosineMatrix(v));
      const js = (j1.ms + j2.ms) / 2;
      const simd = (s1.ms + s2.ms) / 2;
      let err = 0;
      let errJs = 0;
      for (let i = 0; i < n; i += 97) {
        for (let j = 0; j < n; j += 89) {
          err = Math.max(err, Math.abs(nv.value[i]![j]! - s1.value[i * n + j]!));
          errJs = Math.max(errJs, Math.abs(nv.value[i]![j]! - j1.value[i * n + j]!));
        }
      }
      const tk = time(() => topK(v, 10));
      last = nv.ms / simd;
      rows.push([n, DIM, Math.round(nv.ms), Math.round(js), (nv.ms / js).toFixed(2), Math.round(simd), last.toFixed(2), errJs.toExponential(1), err.toExponential(1), Math.round(tk.ms)]);
      console.log(`n=${n}: naive ${nv.ms.toFixed(0)} ms; js ${j1.ms.toFixed(0)} / ${j2.ms.toFixed(0)} ms; simd ${s1.ms.toFixed(0)} / ${s2.ms.toFixed(0)} ms`);
    }
    console.log(table(['n', 'dim', 'naive ms', 'js ms', 'js ×', 'simd ms', 'simd ×', 'js max|Δ|', 'simd max|Δ|', 'top-10 ms'], rows));
    console.log('naive = per pair: dot product and both norms over number[][]. js = normalise once, 4×4 register tiles over');
    console.log('row-major Float32Array, upper triangle mirrored. simd = same tiling with a Wasm SIMD 2×4 f32x4 kernel (what');
    console.log('cosineMatrix uses when the host has Wasm SIMD). Same machine, same run; × = naive ms / kernel ms.');
    console.log(`RESULT cosine_speedup ${last.toFixed(2)}`);
  },
};
