// The production build (`vite build`, default mode) carries no bench code: bench.html, src/bench/ and the bench-only
// service methods live only in `vite build --mode bench`. Builds into a temp folder and greps every emitted file.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
/** Strings only bench code contains: the entry's marker, the window hook, bench-only service methods, the baseline worker. */
const MARKERS = ['overton-bench-entry', '__overtonBench', 'timeEmbed', 'vectorsFor', 'importAndMeasure', 'bare-parse'];

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

describe('production build', () => {
  const out = mkdtempSync(join(tmpdir(), 'overton-prod-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('every marker names real bench code (so an absent marker means something)', () => {
    const bench = files(join(repo, 'src/bench')).map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const m of MARKERS) expect(bench, m).toContain(m);
  });

  it('contains no bench page and no bench marker in any emitted file (JS, HTML, source maps)', async () => {
    await build({ root: repo, configFile: join(repo, 'vite.config.ts'), mode: 'production', publicDir: false, logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const emitted = files(out);
    expect(emitted.some((f) => f.endsWith('index.html'))).toBe(true);
    expect(emitted.filter((f) => f.endsWith('bench.html'))).toEqual([]);
    const hits = emitted.flatMap((f) => {
      const text = readFileSync(f, 'latin1');
      return MARKERS.filter((m) => text.includes(m)).map((m) => `${f.slice(out.length + 1)}: ${m}`);
    });
    expect(hits).toEqual([]);
  }, 300_000);
});
