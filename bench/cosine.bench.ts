// Benchmark: blocked cosine matrix (core/similarity) vs the straightforward per-pair loop over number[][], seeded vectors.
import { cosineMatrix, naiveCosineMatrix, toRows, topK } from '../src/core/similarity/cosine';
import { randomVectors } from '../src/core/similarity/random';
import { table } from './lib/browser';
import type { Bench } from './run';

const DIM = 512;

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

export const bench: Bench = {
  title: 'cosine: blocked Float32Array kernel vs naive per-pair loop (dim 512, seeded)',
  async run(args) {
    const only = args.find((a) => a.startsWith('--n='));
    const sizes = only ? [Number(only.slice(4))] : [1000, 2000, 5000];
    // Warm both code paths up so neither pays JIT compilation inside a timed run.
    const warm = { data: randomVectors(256, DIM, 7), n: 256, dim: DIM };
    cosineMatrix(warm);
    naiveCosineMatrix(toRows(warm));
    const rows: (string | number)[][] = [];
    let last = 0;
    for (const n of sizes) {
      const v = { data: randomVectors(n, DIM, 42 + n), n, dim: DIM };
      const plain = toRows(v);
      // blocked, naive, blocked: the mean of the two blocked runs brackets the naive one, so load drift on a shared
      // machine hits both sides alike.
      const b1 = time(() => cosineMatrix(v));
      const nv = time(() => naiveCosineMatrix(plain));
      const b2 = time(() => cosineMatrix(v));
      const blocked = (b1.ms + b2.ms) / 2;
      let err = 0;
      for (let i = 0; i < n; i += 97) for (let j = 0; j < n; j += 89) err = Math.max(err, Math.abs(nv.value[i]![j]! - b1.value[i * n + j]!));
      const tk = time(() => topK(v, 10));
      last = nv.ms / blocked;
      rows.push([n, DIM, Math.round(nv.ms), Math.round(blocked), Number(last.toFixed(2)), err.toExponential(1), Math.round(tk.ms)]);
      console.log(`n=${n}: naive ${nv.ms.toFixed(0)} ms, blocked ${b1.ms.toFixed(0)} / ${b2.ms.toFixed(0)} ms`);
    }
    console.log(table(['n', 'dim', 'naive ms', 'blocked ms', 'speedup', 'max |Δ|', 'top-10 ms'], rows));
    console.log('naive = per pair: dot product and both norms over number[][]; blocked = normalise once, 4×4 register');
    console.log('tiles over row-major Float32Array, upper triangle mirrored. Same machine, same run.');
    console.log(`RESULT cosine_speedup ${last.toFixed(2)}`);
  },
};
