// Real sample vectors for benchmarks: the bundled USE-lite model's embeddings of paper samples, computed once in Node and
// cached in `.bench-out/` (gitignored), because embedding 10k texts takes minutes and the vectors never change.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_MODEL, modelKey } from '../../src/core/embed/embedder';
import { importAny } from '../../src/core/io/detect';
import { nodeSource } from '../../src/node/fs-source';
import { EmbedderService } from '../../src/workers/services/embedder-service';

/** Cached vectors: `data` is `n × dim` row-major (unit length, as the bundled model normalises), `texts[i]` row i's text. */
export interface PaperVectors {
  data: Float32Array;
  n: number;
  dim: number;
  texts: string[];
  /** Which dataset and how the rows were chosen, for the bench's header. */
  source: string;
}

const OUT = resolve('.bench-out');

/**
 * The first `n` sample texts with text of the `outputs` split of ConflictingQA then LIMA-OE (importer order, all systems),
 * embedded with the bundled model; read from `.bench-out/paper-vectors-<n>.f32` when present, else computed (≈ 90 s per
 * 10k texts) and written there.
 */
export async function paperVectors(n: number, log: (s: string) => void = console.error): Promise<PaperVectors> {
  const texts: string[] = [];
  for (const name of ['ConflictingQA', 'LIMA-OE']) {
    if (texts.length >= n) break;
    const { datasets } = await importAny(nodeSource(resolve('../shared/paper-data', name)));
    for (const d of datasets) for (const s of d.samples) if (s.split === 'outputs' && s.text) texts.push(s.text);
  }
  if (texts.length < n) throw new Error(`only ${texts.length} sample texts in ../shared/paper-data, wanted ${n}`);
  texts.length = n;
  const source = `first ${n} outputs samples of ConflictingQA (then LIMA-OE), ${modelKey(BUNDLED_MODEL)}`;
  const file = resolve(OUT, `paper-vectors-${n}.f32`);
  const meta = resolve(OUT, `paper-vectors-${n}.json`);
  if (existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { n: number; dim: number; source: string };
    const buf = readFileSync(file);
    const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    if (m.n === n && m.source === source && data.length === n * m.dim) return { data, n, dim: m.dim, texts, source };
  }
  log(`embedding ${n} texts with the bundled model (once; cached in ${file}) ...`);
  const svc = new EmbedderService({ localModelPath: `${resolve('public/models')}/` });
  try {
    let last = 0;
    const res = await svc.embed(BUNDLED_MODEL, texts, { batchSize: 32 }, (p) => {
      if (performance.now() - last < 5000) return;
      last = performance.now();
      log(`  ${p.done}/${p.total} texts`);
    });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(file, new Uint8Array(res.vectors.buffer, res.vectors.byteOffset, res.vectors.byteLength));
    writeFileSync(meta, JSON.stringify({ n, dim: res.dim, source }));
    log(`  done in ${(res.ms / 1000).toFixed(1)} s`);
    return { data: res.vectors, n, dim: res.dim, texts, source };
  } finally {
    await svc.dispose();
  }
}
