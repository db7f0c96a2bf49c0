// Bench page entry (bench.html, built only by `vite build --mode bench`): puts the bench hooks on `window.__overtonBench`.
import { embedHook } from './embed-hook';
import { importHook } from './import-hook';
import { measureHook } from './measure-hook';

/**
 * What benches and e2e drive through `page.evaluate`. Production builds never contain this file
 * (test/prod-build.test.ts greps `dist/` for {@link BENCH_MARKER} and these names).
 */
export const BENCH_MARKER = 'overton-bench-entry';

const w = window as unknown as { __overtonBench?: Record<string, unknown> };
w.__overtonBench = { marker: BENCH_MARKER, embedder: embedHook, importer: importHook, measurer: measureHook };
document.body.textContent = `${BENCH_MARKER}: hooks ready on window.__overtonBench`;
