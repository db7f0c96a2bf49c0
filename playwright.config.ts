// Playwright: drives the built app (vite preview) with OVERTON_DATA pointing at the paper's data.
import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const systemChromium = '/usr/bin/chromium';
// Parallel checkouts on one machine each pick their own port.
const port = Number(process.env.OVERTON_E2E_PORT ?? 4173);
// The OpenAI-compatible test server of the Hint lab specs (e2e/llm-server/server.ts); specs read the same variable.
const llmPort = Number(process.env.OVERTON_LLM_PORT ?? 4306);
const dataFolder = resolve(process.env.OVERTON_DATA ?? '../shared/paper-data');
// Playwright's own browser download is impossible offline; use Debian's Chromium when present.
const executablePath = existsSync(systemChromium) ? systemChromium : undefined;
const quiet = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];
// SwiftShader's software WebGPU adapter (no GPU here); without these flags requestAdapter() returns null.
const softwareWebgpu = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader', '--use-angle=swiftshader'];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: ['--disable-gpu', ...quiet] },
  },
  projects: [
    // Everything else runs without an adapter, so device auto lands on wasm there.
    { name: 'default', testIgnore: '**/webgpu.spec.ts' },
    { name: 'webgpu', testMatch: '**/webgpu.spec.ts', use: { launchOptions: { executablePath, args: [...quiet, ...softwareWebgpu] } } },
  ],
  // The app plus bench.html (hooks for e2e/webgpu.spec.ts); index.html is the same app the production build ships.
  // Second: the OpenAI-compatible test server of the generator specs.
  webServer: [
    {
      command: `npx tsx scripts/build-tiny-lm.ts && npx vite build --mode bench && npx vite preview --mode bench --host 127.0.0.1 --port ${port} --strictPort`,
      url: `http://127.0.0.1:${port}`,
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      env: { OVERTON_DATA: dataFolder },
    },
    {
      command: 'npx tsx e2e/llm-server/server.ts',
      url: `http://127.0.0.1:${llmPort}/v1/models`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: { OVERTON_DATA: dataFolder, OVERTON_LLM_PORT: String(llmPort) },
    },
  ],
});
