// Vite config: React, COOP/COEP (threaded WASM needs cross-origin isolation) and the OVERTON_DATA folder server.
import { defineConfig, type Plugin, type Connect } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { nodeSource } from './src/node/fs-source';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serves `OVERTON_DATA=<folder>` read-only under `/__data/`, with `/__data/overton-index.json`
 * (`{"files": [...]}`) so the app can open it like any static server that serves the same layout.
 */
function overtonData(): Plugin {
  const folder = process.env.OVERTON_DATA ? resolve(process.env.OVERTON_DATA) : null;
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__overton/config.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ dataUrl: folder ? '/__data/' : null }));
      return;
    }
    if (!folder || !url.pathname.startsWith('/__data/')) return next();
    const rel = decodeURIComponent(url.pathname.slice('/__data/'.length));
    if (rel === 'overton-index.json') {
      nodeSource(folder)
        .list()
        .then((files) => {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ files }));
        }, next);
      return;
    }
    const file = resolve(folder, rel);
    // Refuse paths that climb out of the data folder.
    if (!file.startsWith(folder + sep)) {
      res.statusCode = 403;
      res.end('forbidden');
      return;
    }
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      res.setHeader('Content-Length', String(st.size));
      res.setHeader('Content-Type', 'application/octet-stream');
      createReadStream(file).pipe(res);
    } catch {
      res.statusCode = 404;
      res.end('not found');
    }
  };
  return {
    name: 'overton-data',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

/**
 * onnxruntime-web names its `.wasm` with `new URL(..., import.meta.url)`, so Vite copies a 27 MB file into
 * `assets/`; the engine loads ORT's wasm from `/ort/` (`wasmPaths`), so that copy is never fetched: drop it.
 */
function dropOrtWasm(): Plugin {
  return {
    name: 'drop-ort-wasm',
    apply: 'build',
    generateBundle(_, bundle) {
      for (const name of Object.keys(bundle)) if (/(^|\/)ort-wasm[^/]*\.wasm$/.test(name)) delete bundle[name];
    },
  };
}

/**
 * `--mode bench` (benches, e2e) builds the app plus `bench.html` (src/bench/: hooks on `window.__overtonBench`,
 * bench-only services) into `dist-bench/`; the production build has only `index.html`, so it carries no bench code.
 */
export default defineConfig(({ mode }) => ({
  plugins: [react(), overtonData(), dropOrtWasm()],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    ...(mode === 'bench' ? { outDir: 'dist-bench', rolldownOptions: { input: { main: resolve('index.html'), bench: resolve('bench.html') } } } : {}),
  },
}));
