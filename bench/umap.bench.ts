// UMAP on 10k real sample vectors: ours (src/core/projection) vs umap-js defaults in one run, speed and 15-NN recall of
// the 2-D layout against exact high-dimensional neighbours; plus PCA (and optionally UMAP, `--big`) on 100k synthetic rows.
import { UMAP } from 'umap-js';
import { Ticker } from '../src/core/projection/job';
import { knnCosine } from '../src/core/projection/knn';
import { pca } from '../src/core/projection/pca';
import { defaultEpochs, umap } from '../src/core/projection/umap';
import { normalizeRows } from '../src/core/similarity/cosine';
import { mulberry32, randomVectors } from '../src/core/similarity/random';
import { table } from './lib/browser';
import { paperVectors } from './lib/paper-vectors';
import type { Bench } from './run';

const N = 10000;
const K = 15;

/** Wall and CPU (user + system, this process) milliseconds of `f`; CPU time is the fairer figure on a shared machine. */
async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const u = process.cpuUsage(c);
  return { value, wall: performance.now() - t, cpu: (u.user + u.system) / 1000 };
}

/** Exact k nearest neighbours in 2-D (`n × 2` row-major), brute force, self excluded: `n × k` indices. */
function knn2d(y: Float32Array, n: number, k: number): Int32Array {
  const out = new Int32Array(n * k);
  const d = new Float64Array(n);
  const ord = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = y[2 * i]!, x1 = y[2 * i + 1]!;
    for (let j = 0; j < n; j++) {
      const a = y[2 * j]! - x0, b = y[2 * j + 1]! - x1;
      d[j] = j === i ? Infinity : a * a + b * b;
      ord[j] = j;
    }
    // Partial selection of the k smallest.
    for (let p = 0; p < k; p++) {
      let best = p;
      for (let q = p + 1; q < n; q++) if (d[ord[q]!]! < d[ord[best]!]!) best = q;
      const t = ord[p]!;
      ord[p] = ord[best]!;
      ord[best] = t;
      out[i * k + p] = ord[p]!;
    }
  }
  return out;
}

/** Mean share of each point's `k` high-dimensional neighbours (`truth`, n × k) among its `k` layout neighbours. */
function recall(truth: Int32Array, layout: Int32Array, n: number, k: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const s = new Set(truth.subarray(i * k, i * k + k));
    for (let p = 0; p < k; p++) if (s.has(layout[i * k + p]!)) hit++;
  }
  return hit / (n * k);
}

export const bench: Bench = {
  title: `UMAP: ours vs umap-js on ${N} real vectors (bundled USE-lite embeddings of paper samples)`,
  async run(flags) {
    const v = await paperVectors(N);
    console.log(`${v.source}; ${v.n} × ${v.dim}; defaults nNeighbors ${K}, minDist 0.1, ${defaultEpochs(N)} epochs (umap-js schedule)\n`);
    const unit = normalizeRows({ data: v.data, n: v.n, dim: v.dim });
    const truth = (await knnCosine(unit, K, {}, new Ticker('truth'))).indices;

    const ours = await timed(() => umap({ data: v.data, n: v.n, dim: v.dim }, { seed: 1 }));
    const oursRecall = recall(truth, knn2d(ours.value.coords, v.n, K), v.n, K);

    const rows: number[][] = [];
    for (let i = 0; i < v.n; i++) rows.push(Array.from(v.data.subarray(i * v.dim, (i + 1) * v.dim)));
    const lib = await timed(() => new UMAP({ random: mulberry32(1) }).fit(rows));
    const libCoords = Float32Array.from(lib.value.flat());
    const libRecall = recall(truth, knn2d(libCoords, v.n, K), v.n, K);

    const t = ours.value.timings;
    console.log(
      table(
        ['implementation', 'wall s', 'CPU s', 'k-NN s', 'layout s', `${K}-NN recall of layout`],
        [
          ['ours (exact cosine k-NN, PCA init, typed arrays)', ours.wall / 1000, ours.cpu / 1000, t.knn / 1000, t.layout / 1000, oursRecall],
          ['umap-js 1.4 (NN-descent, random init)', lib.wall / 1000, lib.cpu / 1000, '-', '-', libRecall],
        ],
      ),
    );
    console.log('(k-NN and layout columns are wall time; speedup uses CPU time, since other jobs share this machine\'s cores)\n');

    const big = 100_000, dim = 512;
    // A mixture of 500 Gaussian clusters (noise 0.8 around unit-variance centres): neighbour structure like real
    // embeddings, where uniform noise would have none.
    const rnd = mulberry32(7);
    const g = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
    const centres = randomVectors(500, dim, 8);
    const synth = new Float32Array(big * dim);
    for (let i = 0; i < big; i++) {
      const c = Math.floor(rnd() * 500);
      for (let d = 0; d < dim; d++) synth[i * dim + d] = centres[c * dim + d]! + 0.8 * g();
    }
    const p = await timed(() => pca({ data: synth, n: big, dim }));
    const pSample = await timed(() => pca({ data: synth, n: big, dim }, { maxFitRows: 20000 }));
    const bigRows: (string | number)[][] = [
      [`PCA ${big} × ${dim} (500 clusters) → 2 (all rows)`, p.wall / 1000, p.cpu / 1000],
      [`PCA ${big} × ${dim} → 2 (fit on 20k sampled rows, as UMAP's init)`, pSample.wall / 1000, pSample.cpu / 1000],
    ];
    if (flags.includes('--big')) {
      let last = 0;
      const u = await timed(() =>
        umap({ data: synth, n: big, dim }, { seed: 1 }, {
          onProgress: (pr) => {
            if (performance.now() - last > 15000) {
              last = performance.now();
              console.error(`  UMAP 100k: ${pr.phase} ${pr.done.toFixed(1)}/${pr.total}`);
            }
          },
        }),
      );
      bigRows.push([`UMAP ${big} × ${dim}, 500 clusters (NN-descent k-NN ${(u.value.timings.knn / 1000).toFixed(0)} s, layout ${(u.value.timings.layout / 1000).toFixed(0)} s)`, u.wall / 1000, u.cpu / 1000]);
    } else {
      bigRows.push([`UMAP ${big} × ${dim}: not run (several minutes; pass --big: npm run bench -- umap --big)`, '-', '-']);
    }
    console.log(table(['synthetic job', 'wall s', 'CPU s'], bigRows));
    console.log('');
    console.log(`RESULT umap_speedup ${(lib.cpu / ours.cpu).toFixed(3)}`);
    console.log(`RESULT umap_knn_recall_ratio ${(oursRecall / libRecall).toFixed(3)}`);
  },
};
