// E2E (Playwright project `webgpu`, Chromium with SwiftShader's software WebGPU adapter): with device auto the engine
// runs on WebGPU, the Embeddings view says so, and its vectors equal the wasm engine's. Skips when there is no adapter.
import { expect, test, type Page } from '@playwright/test';

// SwiftShader runs WebGPU on the CPU, ~20x slower than wasm: only short texts here.
test.setTimeout(300_000);

/** Short, varied texts for the cross-device comparison (long ones would only cost SwiftShader time). */
const TEXTS = [
  'The cat sat on the mat.',
  'Dogs are loyal animals.',
  'What is the capital of France?',
  'Paris is the capital of France.',
  'I love programming in TypeScript.',
  'The stock market fell sharply today.',
  'A quick brown fox jumps over the lazy dog.',
  'Quantum computers use qubits instead of bits.',
];
const SYSTEM = 'tiny-chat';

interface HookVectors {
  engine: { device: string; dim: number };
  vectors: number[][];
}

/** Why WebGPU can't be tested in this browser, or null when an adapter is there. */
async function noAdapterReason(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return 'navigator.gpu is missing (WebGPU disabled in this Chromium build or context)';
    const adapter = await gpu.requestAdapter().catch((e: unknown) => `rejected: ${String(e)}`);
    if (typeof adapter === 'string') return `navigator.gpu.requestAdapter() ${adapter}`;
    return adapter ? null : 'navigator.gpu.requestAdapter() returned null (no software adapter: check the webgpu project flags)';
  });
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, k) => {
    dot += x * b[k]!;
    na += x * x;
    nb += b[k]! * b[k]!;
  });
  return dot / Math.sqrt(na * nb);
}

/** A fresh page with the server's start-up import switched off: the paper's long answers would only cost SwiftShader time. */
async function openEmpty(page: Page): Promise<void> {
  await page.route('**/__overton/config.json', (r) => r.fulfill({ json: { dataUrl: null } }));
  await page.goto('/');
  await expect(page.getByRole('tab', { name: 'Library' })).toHaveAttribute('aria-selected', 'true');
}

test('device auto runs on WebGPU and its vectors equal wasm', async ({ page }) => {
  await openEmpty(page);
  const reason = await noAdapterReason(page);
  test.skip(reason !== null, `No WebGPU adapter: ${reason}`);
  await page.goto('/bench.html');
  await page.waitForFunction(() => (window as { __overtonBench?: { embedder?: unknown } }).__overtonBench?.embedder !== undefined);
  const run = (device: 'auto' | 'wasm') =>
    page.evaluate(
      ([texts, d]) => (window as unknown as { __overtonBench: { embedder: { vectorsFor(t: string[], d: string): Promise<HookVectors> } } }).__overtonBench.embedder.vectorsFor(texts, d),
      [TEXTS, device] as const,
    );
  const gpu = await run('auto');
  const wasm = await run('wasm');
  expect(gpu.engine.device).toBe('webgpu');
  expect(wasm.engine.device).toBe('wasm');
  expect(gpu.vectors).toHaveLength(TEXTS.length);
  expect(gpu.vectors[0]).toHaveLength(512);
  const cosines = gpu.vectors.map((v, i) => cosine(v, wasm.vectors[i]!));
  for (const c of cosines) expect(c).toBeGreaterThanOrEqual(0.9999);
  // Different texts stay different on WebGPU (not, say, one vector repeated).
  expect(cosine(gpu.vectors[0]!, gpu.vectors[4]!)).toBeLessThan(0.9);
});

test('the Embeddings view says the engine runs on WebGPU', async ({ page }) => {
  await openEmpty(page);
  const reason = await noAdapterReason(page);
  test.skip(reason !== null, `No WebGPU adapter: ${reason}`);
  // A user's own small dataset (4 short answers), embedded with the default device choice.
  await page.getByLabel('Choose a folder').setInputFiles('e2e/fixtures/tiny-folder/TinySet');
  await expect(page.getByRole('status')).toContainText('Imported TinySet');
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  const row = page.locator(`tr[data-system="${SYSTEM}"]:has(input[type="checkbox"])`);
  await expect(row.locator('.embed-cached')).toHaveText('0 / 4 embedded', { timeout: 60_000 });
  const all = page.getByRole('checkbox', { name: 'All systems' });
  await all.check();
  await all.uncheck();
  await page.getByRole('checkbox', { name: `Embed ${SYSTEM}` }).check();
  await page.getByRole('button', { name: 'Embed 1 system' }).click();
  await expect(page.getByText(/^Done: 4 texts in .* \(4 computed, 0 from cache/)).toBeVisible({ timeout: 180_000 });
  await expect(page.getByLabel('Engine')).toContainText(/^Engine: webgpu, model loaded in/);
  await expect(row).toContainText(/on webgpu, 4 computed/);
});
