// Corpus map under load: n points on the map's WebGL scatter in headless Chromium, a scripted pan/zoom/hover, longtask observer.
import { chromium, type Browser } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, preview } from 'vite';
import type { Bench } from './run';
import { table } from './lib/browser';
import { drillDownTiming } from './lib/drill-down-timing';

const OUT = resolve('.bench-out/map');
const CONFIGS = [
  { renderer: 'webgl', n: 10_000 },
  { renderer: 'webgl', n: 100_000 },
  { renderer: 'canvas2d', n: 100_000 },
] as const;

interface Measured {
  loadMs: number;
  loadLongest: number;
  longest: number;
  tasks: number;
  maxFrameGap: number;
  frames: number;
  hoverHit: boolean;
}

async function measure(browser: Browser, url: string, renderer: string, n: number): Promise<Measured> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __tasks: { start: number; dur: number }[] };
    w.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__tasks.push({ start: e.startTime, dur: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const t0 = Date.now();
  await page.goto(`${url}bench/pages/map.html?n=${n}&renderer=${renderer}`);
  await page.waitForFunction(() => (window as unknown as { __mapBench?: { ready: boolean } }).__mapBench?.ready === true, undefined, { timeout: 120_000 });
  // Two frames so the first draw has happened.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const loadMs = Date.now() - t0;
  await page.waitForTimeout(500);
  // A string, not a function: tsx would wrap named inner functions in a `__name` helper the page lacks.
  const mark = (await page.evaluate(`(() => {
    window.__gaps = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return performance.now();
  })()`)) as number;
  const cx = 640;
  const cy = 400;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 15; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(20);
  }
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(cx + i * 8, cy + i * 4);
  await page.mouse.up();
  for (let i = 0; i < 60; i++) await page.mouse.move(200 + i * 14, 200 + (i % 10) * 30);
  // Click a point (the hover index resolves it): proves picking works and puts its cost in the run.
  // The first point inside the viewport, from the scatter's own snapshot (data + transform).
  const target = await page.evaluate(() => {
    const w = window as unknown as { __mapBench: { instance: { snapshot(): { data: { xy: Float32Array; n: number }; transform: { scale: number; tx: number; ty: number } } } | null } };
    const snap = w.__mapBench.instance?.snapshot();
    if (!snap) return { x: 640, y: 400 };
    const { xy, n } = snap.data;
    const t = snap.transform;
    for (let i = 0; i < n; i++) {
      const x = xy[2 * i]! * t.scale + t.tx;
      const y = -xy[2 * i + 1]! * t.scale + t.ty;
      if (x > 100 && x < 1180 && y > 100 && y < 700) return { x, y };
    }
    return { x: 640, y: 400 };
  });
  await page.mouse.click(target.x, target.y);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${renderer}-${n}.png` });
  const r = await page.evaluate((m) => {
    const w = window as unknown as { __tasks: { start: number; dur: number }[]; __gaps: number[]; __stop: boolean; __mapBench: { selected: number } };
    w.__stop = true;
    const after = w.__tasks.filter((t) => t.start >= m);
    const before = w.__tasks.filter((t) => t.start < m);
    return {
      longest: Math.max(0, ...after.map((t) => t.dur)),
      tasks: after.length,
      loadLongest: Math.max(0, ...before.map((t) => t.dur)),
      maxFrameGap: Math.max(0, ...w.__gaps.slice(1)),
      frames: w.__gaps.length,
      hoverHit: w.__mapBench.selected >= 0,
    };
  }, mark);
  await page.close();
  return { loadMs, ...r };
}

export const bench: Bench = {
  title: 'Maps: drill-down timing (one prompt, 10 systems × 5 samples); corpus map pan / zoom / hover / click at 1280 × 800 in headless Chromium',
  async run() {
    const drill = await drillDownTiming();
    console.log(`RESULT drilldown_ms ${drill.pca.toFixed(0)}`);
    console.log(`RESULT drilldown_umap_ms ${drill.umap.toFixed(0)}\n`);
    process.env.OVERTON_DATA ??= resolve('../shared/paper-data');
    // A separate bench-only build of bench/pages/map.html: nothing of it enters the app's dist/.
    await build({ logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true, sourcemap: false, rollupOptions: { input: resolve('bench/pages/map.html') } } });
    const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, build: { outDir: OUT }, logLevel: 'warn' });
    const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
    const exe = '/usr/bin/chromium';
    const quiet = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
    // Two set-ups: the project's usual --disable-gpu (software compositing: Chromium reads every WebGL frame back on the
    // main thread, which no real GPU machine does) and a GPU process running SwiftShader, as a machine with a GPU has.
    const modes = [
      { name: 'gpu process (SwiftShader)', args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] },
      { name: 'software compositing (--disable-gpu)', args: ['--disable-gpu'] },
    ];
    const rows: (string | number)[][] = [];
    const results: Measured[][] = [];
    for (const mode of modes) {
      const browser = await chromium.launch({ executablePath: existsSync(exe) ? exe : undefined, args: [...quiet, ...mode.args] });
      try {
        const res: Measured[] = [];
        for (const c of CONFIGS) {
          const m = await measure(browser, url, c.renderer, c.n);
          res.push(m);
          rows.push([mode.name, c.renderer, c.n.toLocaleString('en'), m.loadMs, m.loadLongest, m.longest, m.tasks, m.maxFrameGap, m.frames, m.hoverHit ? 'yes' : 'no']);
        }
        results.push(res);
      } finally {
        await browser.close();
      }
    }
    try {
      console.log(table(['chromium', 'renderer', 'points', 'load ms', 'load longest task ms', 'interaction longest task ms', 'long tasks', 'max frame gap ms', 'frames', 'click hit'], rows));
      const gl = results[0]![1]!;
      const c2d = results[0]![2]!;
      console.log(
        `\nlongest-task ratio canvas2d ÷ webgl at 100k (gpu process): ${gl.longest > 0 ? (c2d.longest / gl.longest).toFixed(1) : `${c2d.longest.toFixed(0)} ms vs none ≥ 50 ms`}` +
          '\n(long tasks are main-thread tasks ≥ 50 ms, so 0 means none. The RESULT is the gpu-process run; the --disable-gpu rows show' +
          '\nthe cost of the software compositor reading back each frame, which any WebGL library pays there.)\n',
      );
      console.log(`RESULT map_longest_task_ms ${gl.longest.toFixed(0)}`);
    } finally {
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    }
  },
};
