// Drill-down timing for the map bench: one LIMA-OE prompt, 10 systems × 5 samples, vectors cached; map + clusters + heatmap in the projection service.
import { resolve } from 'node:path';
import { BUNDLED_MODEL } from '../../src/core/embed/embedder';
import { importAny } from '../../src/core/io/detect';
import { nodeSource } from '../../src/node/fs-source';
import { EmbedderService } from '../../src/workers/services/embedder-service';
import { ProjectionService, type ProjectionInput } from '../../src/workers/services/projection-service';
import { table } from './browser';

/** Times `promptMap` (PCA and UMAP, each on a fresh service, median of 3) and prints a table; returns the medians in ms. */
export async function drillDownTiming(): Promise<{ pca: number; umap: number }> {
  const { datasets } = await importAny(nodeSource(resolve('../shared/paper-data/LIMA-OE')));
  const samples = datasets.flatMap((d) => d.samples).filter((s) => s.split === 'outputs' && s.prompt === 0 && s.text);
  const systems = [...new Set(samples.map((s) => s.system as string))].slice(0, 10);
  const picked = samples.filter((s) => systems.includes(s.system) && s.index < 5);
  const svc = new EmbedderService({ localModelPath: `${resolve('public/models')}/` });
  let input: ProjectionInput;
  try {
    // Embedding is not timed: the drill-down's claim is for vectors already cached.
    const res = await svc.embed(BUNDLED_MODEL, picked.map((s) => s.text!), { batchSize: 16 });
    input = { vectors: { data: res.vectors, n: picked.length, dim: res.dim }, refs: picked.map((s) => ({ system: s.system, prompt: s.prompt, index: s.index })), texts: picked.map((s) => s.text!), version: '1' };
  } finally {
    await svc.dispose();
  }
  const rows: (string | number)[][] = [];
  const total = { pca: 0, umap: 0 };
  for (const method of ['pca', 'umap'] as const) {
    const runs: { total: number; ms: Record<string, number> }[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const map = await new ProjectionService().promptMap('bench', input, systems, { method, seed: 42, threshold: 0.8 });
      runs.push({ total: performance.now() - t0, ms: map.ms });
    }
    runs.sort((a, b) => a.total - b.total);
    const med = runs[1]!;
    total[method] = med.total;
    rows.push([method.toUpperCase(), `${systems.length} × 5 = ${input.vectors.n}`, med.ms.project ?? 0, med.ms.cluster ?? 0, med.ms.labels ?? 0, med.ms.heatmap ?? 0, med.total]);
  }
  console.log(table(['projection', 'samples', 'map ms', 'clusters ms', 'cluster words ms', 'heatmap + matrix ms', 'total ms (median of 3)'], rows));
  console.log('(Node, in-process projection service; in the app the same code runs in the embedder worker. The view shows the PCA map, clusters and heatmap\nat once (goal ≤ 1000 ms) and swaps in the UMAP layout when it is ready.)\n');
  return total;
}
