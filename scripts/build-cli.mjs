// Bundles the CLI (src/cli/main.ts, commands split into lazily loaded chunks) into dist-cli/ for plain `node`:
// `npm run build:cli [-- outdir]`, run by `prepare` on npm install / npm ci. Plain JS so it needs no transpiler.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds into `outdir` (default `<repo>/dist-cli`) and resolves when done. The embedding engine (Transformers.js,
 * ONNX Runtime's native addon) stays external: only `embed` and `semantic` load it, from node_modules.
 */
export async function buildCli(outdir = join(repo, 'dist-cli')) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    // report-worker.js must sit beside chunks/ (report.ts finds it at ../report-worker.js).
    entryPoints: [join(repo, 'src/cli/main.ts'), join(repo, 'src/cli/report-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    target: 'node20',
    splitting: true,
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    // jsdom and resvg (native) load from node_modules, and only when figure writes a PDF / PNG.
    external: ['@huggingface/transformers', 'onnxruntime-node', 'jsdom', '@resvg/resvg-js'],
    // Bundled CommonJS dependencies (papaparse) may call require(); ESM has none, so give them Node's.
    banner: { js: "import { createRequire as __overtonRequire } from 'node:module'; const require = __overtonRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildCli(process.argv[2] ? resolve(process.argv[2]) : undefined);
