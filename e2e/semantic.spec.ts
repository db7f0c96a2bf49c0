// E2E: vectors of llama-2-chat and llama-2-icl-chat (LIMA-OE, embedded by the CLI with the same engine) imported through the
// Embeddings view give a semantic table equal to what core computes from the same file; Browse shows the semantic row,
// "not embedded" for a system without vectors, and sentence coverage on demand.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEmbeddingJsonl } from '../src/core/embed/npz';
import { promptSemantic, semanticRows, type EmbeddedSamples } from '../src/core/metrics/semantic';
import { openServerData, PAPER, selectDataset } from './support';

const SYSTEMS = ['llama-2-chat', 'llama-2-icl-chat'];

test.describe.configure({ mode: 'serial' });
// Whole-text embedding of 500 long answers in the CLI takes a few minutes on a busy 2-core box.
test.setTimeout(480_000);

let page: Page;
let vectorsFile = '';
let embedded: EmbeddedSamples;

test.beforeAll(async ({ browser }) => {
  // 500 whole texts on native ONNX Runtime take well under a minute on an idle box; in the page (WASM) several times that.
  vectorsFile = join(mkdtempSync(join(tmpdir(), 'overton-semantic-e2e-')), 'lima.jsonl');
  execFileSync('npx', ['tsx', 'src/cli/main.ts', 'embed', PAPER, '--dataset', 'LIMA-OE', '--systems', SYSTEMS.join(','), '--out', vectorsFile], { stdio: 'pipe', timeout: 420_000 });
  const t = parseEmbeddingJsonl(readFileSync(vectorsFile, 'utf8'));
  embedded = { vectors: t.vectors, n: t.n, dim: t.dim, rows: t.rows.map((r) => ({ system: r.system, prompt: r.prompt, index: r.sample })) };
  page = await openServerData(browser);
});

test.afterAll(async () => {
  await page.close();
});

test('the semantic table equals core on the imported vectors', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Embeddings' }).click();
  const table = page.getByRole('region', { name: 'Semantic measures' });
  await expect(table).toContainText('Nothing is embedded with this model yet');
  await page.locator('input[type=file][accept=".jsonl,.npz"]').setInputFiles(vectorsFile);
  await expect(page.getByText(/Imported 500 vectors/)).toBeVisible({ timeout: 60_000 });

  const expected = semanticRows(embedded, SYSTEMS, { threshold: 0.8, teachers: { 'llama-2-icl-chat': 'llama-2-chat' } });
  const row = (s: string) => table.locator(`tr[data-system="${s}"]`);
  for (const e of expected) {
    await expect(row(e.system).locator('[data-measure=within_cosine]')).toHaveText(e.withinCosine!.toFixed(3), { timeout: 30_000 });
    await expect(row(e.system).locator('[data-measure=distinct]')).toHaveText(`${e.distinct!.toFixed(2)} of 5`);
    expect(e.withinCosine).toBeGreaterThan(0);
    expect(e.withinCosine).toBeLessThan(1);
    expect(e.distinct).toBeGreaterThanOrEqual(1);
    expect(e.distinct).toBeLessThanOrEqual(5);
  }
  const icl = expected[1]!;
  await expect(row('llama-2-icl-chat').locator('[data-measure=to_teacher]')).toHaveText(icl.toTeacher!.toFixed(3));
  await expect(row('llama-2-icl-chat').locator('[data-measure=teacher_self]')).toHaveText(icl.teacherSelf!.toFixed(3));
  await expect(row('llama-2-icl-chat').locator('[data-measure=ratio]')).toHaveText(icl.ratio!.toFixed(2));
  await expect(row('llama-2-base')).toContainText('not embedded');

  // A stricter threshold splits more meanings (same core figure as the app).
  await table.getByRole('spinbutton', { name: 'Threshold' }).fill('0.9');
  const strict = semanticRows(embedded, ['llama-2-chat'], { threshold: 0.9 })[0]!;
  await expect(row('llama-2-chat').locator('[data-measure=distinct]')).toHaveText(`${strict.distinct!.toFixed(2)} of 5`);
  await table.getByRole('spinbutton', { name: 'Threshold' }).fill('0.8');
});

test('Browse shows the semantic row per column, "not embedded" for the base model, and coverage on demand', async () => {
  await page.getByRole('tab', { name: 'Browse' }).click();
  const first = page.getByRole('button', { name: 'Show the first prompt' });
  if (await first.count()) await first.click();
  const column = (s: string) => page.getByRole('region', { name: s, exact: true });
  const [chat] = promptSemantic(embedded, 0, ['llama-2-chat'], { threshold: 0.8 });
  await expect(column('llama-2-chat').locator('[data-measure=within_cosine]')).toHaveText(chat!.withinCosine!.toFixed(3), { timeout: 30_000 });
  await expect(column('llama-2-chat').locator('[data-measure=distinct_k]')).toHaveText(String(chat!.distinct));
  await expect(column('llama-2-base').locator('dd[data-measure=semantic]')).toHaveText('not embedded');
  await expect(column('llama-2-icl-chat').locator('dd[data-measure=to_teacher]')).toContainText('llama-2-chat itself');
  // Coverage of llama-2-base needs its texts only (sentences are embedded on demand), not its sample vectors.
  await column('llama-2-chat').getByRole('button', { name: /compute coverage of llama-2-base/ }).click();
  await expect(column('llama-2-chat').locator('dd[data-measure=coverage]')).toContainText(/\d+% of llama-2-base sentences by one response · \d+% by another base sample/, { timeout: 60_000 });
});
