// Vite config: React, COOP/COEP (threaded WASM needs cross-origin isolation) and the OVERTON_DATA folder server.
import { defineConfig, type Plugin, type Connect } from 'vite';
import react from '@vitejs/plugin-react';
import { createReadStream, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { nodeSource } from './src/node/fs-source';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Ends a data-server request with a short plain-text message: never a path, never a stack. */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(message);
}

/**
 * Serves `OVERTON_DATA=<folder>` read-only under `/__data/`, with `/__data/overton-index.json`
 * (`{"files": [...]}`) so the app can open it like any static server that serves the same layout.
 */
function overtonData(): Plugin {
  const folder = process.env.OVERTON_DATA ? resolve(process.env.OVERTON_DATA) : null;
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__overton/config.json') {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ dataUrl: folder ? '/__data/' : null }));
      return;
    }
    if (!folder || !url.pathname.startsWith('/__data/')) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice('/__data/'.length));
    } catch {
      return refuse(res, 400, 'bad request: malformed percent-encoding in the path');
    }
    if (rel.includes('\0')) return refuse(res, 400, 'bad request: NUL in the path');
    if (rel === 'overton-index.json') {
      nodeSource(folder)
        .list()
        .then(
          (files) => {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify({ files }));
          },
          () => refuse(res, 500, 'cannot list the data folder'),
        );
      return;
    }
    const file = resolve(folder, rel);
    // Refuse paths that climb out of the data folder.
    if (!file.startsWith(folder + sep)) return refuse(res, 403, 'forbidden');
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      res.setHeader('Content-Length', String(st.size));
      res.setHeader('Content-Type', 'application/octet-stream');
      const stream = createReadStream(file);
      // A read error after the headers went out can only cut the response short; never let it reach Vite's handler.
      stream.on('error', () => (res.headersSent ? res.destroy() : refuse(res, 500, 'cannot read the file')));
      stream.pipe(res);
    } catch {
      refuse(res, 404, 'not found');
    }
  };
  // Nothing thrown in here may reach Vite's error page, which prints the stack and local paths.
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    try {
      serve(req, res, next);
    } catch {
      if (!res.headersSent) refuse(res, 400, 'bad request');
      else res.destroy();
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
 * The production Content-Security-Policy: scripts and workers only from this origin, no inline script, WebAssembly
 * compiled (`'wasm-unsafe-eval'`, needed by ORT-web), no plugins, no `<base>`. `connect-src` here is broad on purpose:
 * `public/csp-connect.js` (the first script of the page) adds a second policy narrowing it to `'self'` plus the origins
 * the user allowed (`src/data/allowed-origins.ts`), since a policy can only be tightened after it is set.
 */
const BASE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Puts the CSP into the built `index.html` (meta tag + the connect-src bootstrap script, before everything else) and
 * sends it as a header from `vite preview` (plus `frame-ancestors`, which only a header can carry). Dev is left alone.
 */
function contentSecurityPolicy(): Plugin {
  let building = false;
  return {
    name: 'overton-csp',
    configResolved(config) {
      building = config.command === 'build';
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => (!building ? [] : [
        { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: BASE_CSP }, injectTo: 'head-prepend' },
        { tag: 'script', attrs: { src: '/csp-connect.js' }, injectTo: 'head-prepend' },
      ]),
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', `${BASE_CSP}; frame-ancestors 'none'`);
        next();
      });
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
  plugins: [react(), overtonData(), dropOrtWasm(), contentSecurityPolicy()],
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    ...(mode === 'bench' ? { outDir: 'dist-bench', rolldownOptions: { input: { main: resolve('index.html'), bench: resolve('bench.html') } } } : {}),
  },
}));
