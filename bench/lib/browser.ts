// Shared bench plumbing: build + serve the app with `vite preview` and drive it in headless Chromium.
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { build, preview, type PreviewServer } from 'vite';
import { paperDataDir } from '../../src/node/paper-data';

/** A served build plus a browser page on it; call `close()` when done. */
export interface BrowserSession {
  page: Page;
  browser: Browser;
  server: PreviewServer;
  url: string;
  /** The bench page (bench.html): hooks on `window.__overtonBench`, no app running. */
  benchUrl: string;
  close(): Promise<void>;
}

let built = false;

/**
 * Builds the app with its bench page (`vite build --mode bench`, into dist-bench/) once per process (unless
 * `OVERTON_BENCH_NO_BUILD` is set), serves it with COOP/COEP and
 * `OVERTON_DATA` (default `../shared/paper-data`), and opens a page. Extra Chromium flags may be passed.
 */
export async function openApp(extraArgs: string[] = []): Promise<BrowserSession> {
  process.env.OVERTON_DATA ??= paperDataDir();
  if (!built && !process.env.OVERTON_BENCH_NO_BUILD) {
    await build({ mode: 'bench', logLevel: 'warn' });
    built = true;
  }
  const server = await preview({ mode: 'bench', preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const exe = '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath: existsSync(exe) ? exe : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync', ...extraArgs],
  });
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(url);
  return {
    page,
    benchUrl: new URL('bench.html', url).href,
    browser,
    server,
    url,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    },
  };
}

/** Formats rows as an aligned plain-text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => String(c).padEnd(widths[i]!)).join('  ');
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}
