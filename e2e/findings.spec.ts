// E2E: the Findings view on ../shared/paper-data: each chart renders, its data table equals the CLI / core for the same
// system, the system filter (shared view state) filters every chart, semantic charts say what to do without vectors and
// match core with imported vectors; screenshots at 1280×800 and 1920×1080 are saved as test artefacts.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSource } from '../src/node/fs-source';
import { BUNDLED_MODEL, modelKey } from '../src/core/embed/embedder';
import { parseEmbeddingJsonl, toEmbeddingJsonl } from '../src/core/embed/npz';
import { mulberry32 } from '../src/core/similarity/random';
import { importPaperData } from '../src/core/io/paper-layout';
import { qualityRow, stanceRow } from '../src/core/metrics/judges';
import { semanticRows, type EmbeddedSamples } from '../src/core/metrics/semantic';
import type { Dataset } from '../src/core/model/types';
import { openServerData, PAPER, selectDataset } from './support';

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

const EMBEDDED = ['llama-2-chat', 'llama-2-icl-chat'];
type MetricsRow = { dataset: string; split: string; system: string; jaccard_all: number; mean_words: number; frac_numbered_list: number; frac_abstain: number };

let page: Page;
let cli: MetricsRow[];
let datasets: Dataset[];
let vectorsFile = '';
let embedded: EmbeddedSamples;

test.beforeAll(async ({ browser }) => {
  cli = JSON.parse(execFileSync('npx', ['tsx', 'src/cli/main.ts', 'metrics', PAPER, '--json'], { encoding: 'utf8', timeout: 120_000 })) as MetricsRow[];
  datasets = (await importPaperData(nodeSource(PAPER))).datasets;
  // Seeded synthetic vectors under the bundled model's key: the Findings numbers are checked against core on the same
  // file, so they need not come from the model (the engine has its own tests), and the CLI embed (≥ 2 min on a loaded
  // machine since whole texts are embedded) stays out of this spec.
  const lima = datasets.find((d) => d.id === 'LIMA-OE')!;
  const refs = lima.samples.filter((x) => x.split === 'outputs' && x.text !== null && EMBEDDED.includes(x.system)).map((x) => ({ dataset: 'LIMA-OE', system: x.system as string, prompt: x.prompt, sample: x.index }));
  const dim = 24;
  const rand = mulberry32(42);
  const centre = new Map<number, number[]>();
  const vectors = new Float32Array(refs.length * dim);
  refs.forEach((r, i) => {
    if (!centre.has(r.prompt)) centre.set(r.prompt, Array.from({ length: dim }, () => rand() - 0.5));
    // The aligned model's samples stay near the prompt's centre, the ICL variant's spread more (so distinct meanings vary).
    const spread = r.system === 'llama-2-chat' ? 0.25 : 0.6;
    for (let k = 0; k < dim; k++) vectors[i * dim + k] = centre.get(r.prompt)![k]! + spread * (rand() - 0.5);
  });
  vectorsFile = join(mkdtempSync(join(tmpdir(), 'overton-findings-e2e-')), 'lima.jsonl');
  writeFileSync(vectorsFile, toEmbeddingJsonl(refs, vectors, dim, modelKey(BUNDLED_MODEL)));
  const t = parseEmbeddingJsonl(readFileSync(vectorsFile, 'utf8'));
  embedded = { vectors: t.vectors, n: t.n, dim: t.dim, rows: t.rows.map((r) => ({ system: r.system, prompt: r.prompt, index: r.sample })) };
  page = await openServerData(browser);
});

test.afterAll(async () => {
  await page.close();
});

const cliRow = (dataset: string, system: string) => cli.find((r) => r.dataset === dataset && r.split === 'outputs' && r.system === system)!;
const chart = (title: string) => page.locator('figure.chart-frame').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** Opens a chart's data table and returns the cells of the row whose first cell is `system` (and `series`, if given). */
async function tableRow(fig: Locator, system: string, series?: string): Promise<string[]> {
  const toggle = fig.getByRole('button', { name: 'Data table', exact: true });
  if (await toggle.count()) await toggle.click();
  let row = fig.locator('table.chart-table tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${system.replace(/[.]/g, '\\.')}$`) }) });
  if (series) row = row.filter({ has: page.locator('td', { hasText: new RegExp(`^${series}$`) }) });
  await expect(row).toHaveCount(1);
  return row.locator('th, td').allTextContents();
}

async function screenshots(name: string, sectionIds: string[]) {
  for (const [w, h] of [[1280, 800], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    for (const id of sectionIds) {
      await page.locator(`#${id}`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(150);
      await page.screenshot({ path: test.info().outputPath(`${name}-${id}-${w}x${h}.png`) });
    }
  }
  await page.setViewportSize({ width: 1400, height: 900 });
}

test('LIMA-OE: length, Jaccard and format charts equal the CLI; quality equals core', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Findings' }).click();
  for (const t of ['Response length', 'Lexical diversity (pairwise Jaccard)', 'Format and refusal rates', 'Quality by aspect (LLM judge)', 'Similarity to the teacher (BERTScore F1)']) {
    await expect(chart(t).locator('svg[role=img]')).toBeVisible({ timeout: 60_000 });
  }
  const chat = cliRow('LIMA-OE', 'llama-2-chat');
  // Box tables: system, n, min, q1, median, mean, q3, max.
  const jac = await tableRow(chart('Lexical diversity (pairwise Jaccard)'), 'llama-2-chat');
  expect(Number(jac[5])).toBeCloseTo(chat.jaccard_all, 4);
  expect(jac[1]).toBe('50');
  const base = await tableRow(chart('Lexical diversity (pairwise Jaccard)'), 'llama-2-base');
  expect(Number(base[5])).toBeCloseTo(cliRow('LIMA-OE', 'llama-2-base').jaccard_all, 4);
  const len = await tableRow(chart('Response length'), 'llama-2-chat');
  // Mean of per-prompt means equals the mean over responses when every prompt has 5 valid samples (LIMA-OE does).
  expect(Number(len[5])).toBeCloseTo(chat.mean_words, 3);
  const fmt = await tableRow(chart('Format and refusal rates'), 'llama-2-chat', 'numbered list');
  expect(Number(fmt[2])).toBeCloseTo(chat.frac_numbered_list, 4);
  const abst = await tableRow(chart('Format and refusal rates'), 'llama-2-chat', 'abstains');
  expect(Number(abst[2])).toBeCloseTo(chat.frac_abstain, 4);
  const lima = datasets.find((d) => d.id === 'LIMA-OE')!;
  const q = qualityRow('LIMA-OE', 'llama-2-chat', lima.judges.filter((j) => j.kind === 'eval-quality' && j.name === 'llama-2-chat'));
  const help = await tableRow(chart('Quality by aspect (LLM judge)'), 'llama-2-chat', 'helpfulness');
  expect(Number(help[2])).toBeCloseTo(q.helpfulness_all!, 4);
  // Hover shows the exact value in a tooltip.
  await chart('Lexical diversity (pairwise Jaccard)').locator('[data-row="llama-2-chat"] g.box').hover();
  await expect(page.getByRole('tooltip')).toContainText(`llama-2-chat: median`);
  // Keyboard: box marks are focusable and report the same summary.
  await chart('Lexical diversity (pairwise Jaccard)').locator('[data-row="llama-2-base"] g.box').focus();
  await expect(page.getByRole('tooltip')).toContainText('llama-2-base: median');
});

test('semantic charts: an empty state without vectors, then values equal to core after importing vectors', async () => {
  await expect(page.getByText(/No embeddings for the shown systems in this split yet/)).toBeVisible({ timeout: 60_000 });
  await screenshots('lima-empty', ['findings-lexical', 'findings-semantic']);
  await page.getByRole('button', { name: 'embed this split in Embeddings first' }).first().click();
  await expect(page.getByRole('tab', { name: 'Embeddings' })).toHaveAttribute('aria-selected', 'true');
  await page.locator('input[type=file][accept=".jsonl,.npz"]').setInputFiles(vectorsFile);
  await expect(page.getByText(new RegExp(`Imported ${embedded.n} vectors`))).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: 'Findings' }).click();
  const cos = chart('Semantic diversity (within-prompt cosine)');
  await expect(cos.locator('svg[role=img]')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Not embedded \(left out of these charts\): .*llama-2-base/)).toBeVisible();
  const expected = semanticRows(embedded, EMBEDDED, { threshold: 0.8, teachers: { 'llama-2-icl-chat': 'llama-2-chat' } });
  for (const e of expected) {
    const row = await tableRow(cos, e.system);
    expect(Number(row[5])).toBeCloseTo(e.withinCosine!, 4);
    const d = await tableRow(chart('Distinct meanings per prompt'), e.system);
    expect(Number(d[5])).toBeCloseTo(e.distinct!, 4);
  }
  const rq2 = chart('Similarity to the teacher (embeddings)');
  const icl = expected[1]!;
  expect(Number((await tableRow(rq2, 'llama-2-icl-chat'))[2])).toBeCloseTo(icl.toTeacher!, 4);
  expect(Number((await tableRow(rq2, 'llama-2-chat \\(self\\)'))[2])).toBeCloseTo(icl.teacherSelf!, 4);
  const scatter = await tableRow(chart('Lexical vs semantic diversity'), 'llama-2-chat');
  expect(Number(scatter[2])).toBeCloseTo(cliRow('LIMA-OE', 'llama-2-chat').jaccard_all, 4);
  expect(Number(scatter[3])).toBeCloseTo(expected[0]!.withinCosine!, 4);
  // One point per prompt × system: every prompt of both embedded systems has a Jaccard and a cosine value.
  await page.getByRole('checkbox', { name: 'one point per prompt × system' }).check();
  await expect(page.locator('figure[data-chart="diversity-scatter-prompts"] g.point')).toHaveCount(100);
  await page.getByRole('checkbox', { name: 'one point per prompt × system' }).uncheck();
  await screenshots('lima', ['findings-lexical', 'findings-semantic', 'findings-teacher', 'findings-judges', 'findings-coverage']);
});

test('the system filter (shared view state) filters every chart, and "None" says what to do', async () => {
  const filter = page.locator('details.findings-filter');
  await filter.locator('summary').click();
  await filter.getByRole('checkbox', { name: 'llama-2-base' }).uncheck();
  await expect(chart('Response length').locator('[data-row="llama-2-base"]')).toHaveCount(0);
  await expect(chart('Response length').locator('[data-row="llama-2-chat"]')).toHaveCount(1);
  // The choice is the shared "systems shown": Browse shows the same list.
  await filter.getByRole('button', { name: 'None' }).click();
  await expect(page.getByText('No system is selected.')).toBeVisible();
  await expect(page.locator('figure.chart-frame')).toHaveCount(0);
  await filter.getByRole('checkbox', { name: 'llama-2-chat', exact: true }).check();
  await expect(page.getByText(/One system shown/)).toBeVisible();
  await expect(chart('Response length').locator('g.box-row')).toHaveCount(1);
  await page.getByRole('button', { name: 'Show all systems' }).first().click();
  await expect(chart('Response length').locator('[data-row="llama-2-base"]')).toHaveCount(1);
  await filter.locator('summary').click();
});

test('ConflictingQA: stance composition equals core, a matrix of prompts × systems, and systems without judge files are named', async () => {
  await selectDataset(page, 'ConflictingQA');
  await page.getByRole('tab', { name: 'Findings' }).click();
  const patterns = chart('Distributional vs Overton pluralism');
  await expect(patterns.locator('svg[role=img]')).toBeVisible({ timeout: 60_000 });
  await expect(chart('Stance pattern per prompt').locator('svg rect[x]').first()).toBeAttached();
  const cqa = datasets.find((d) => d.id === 'ConflictingQA')!;
  // The sampled split of the paper's ConflictingQA holds five systems; llama-2-base has a stance judge folder.
  const row = stanceRow('ConflictingQA', 'llama-2-base', cqa.judges.filter((j) => j.kind === 'eval-stance' && j.name === 'llama-2-base'));
  const share = async (label: string) => {
    const toggle = patterns.getByRole('button', { name: 'Data table', exact: true });
    if (await toggle.count()) await toggle.click();
    const r = patterns.locator('table.chart-table tbody tr').filter({ has: page.locator('th', { hasText: /^llama-2-base$/ }) }).filter({ has: page.locator('td', { hasText: label }) });
    // Every category has a row (zero counts included).
    await expect(r).toHaveCount(1);
    return Number(await r.locator('td').nth(2).textContent());
  };
  expect((await share('samples disagree (yes & no)')) + (await share('disagree and argues both'))).toBeCloseTo(row.frac_prompts_yes_and_no!, 4);
  expect((await share('a response argues both')) + (await share('disagree and argues both'))).toBeCloseTo(row.frac_prompts_any_both!, 4);
  const labels = await tableRow(chart('Stance of each sample'), 'llama-2-base', 'yes');
  expect(Number(labels[3])).toBeCloseTo(row.frac_yes!, 4);
  // llama-2-icl-gpt-3.5-rand has samples but no quality judge folder.
  await expect(page.getByText(/No quality judge files: .*llama-2-icl-gpt-3\.5-rand/)).toBeVisible();
  await screenshots('cqa', ['findings-lexical', 'findings-judges', 'findings-stance']);
});

test('the systems chosen in Findings are the columns of Browse, whose long names wrap only at "-"', async () => {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Findings' }).click();
  const filter = page.locator('details.findings-filter');
  await filter.locator('summary').click();
  await filter.getByRole('button', { name: 'None' }).click();
  const long = ['llama-2-icl-chat-knn-response_similar', 'llama-2-icl-gpt-3.5-knn-prompt_similar', 'llama-2-icl-chat-summary-cot', 'gpt-3.5-turbo-summary-llama-2-chat'];
  for (const s of long) await filter.getByRole('checkbox', { name: s, exact: true }).check();
  await filter.locator('summary').click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('tab', { name: 'Browse' }).click();
  const first = page.getByRole('button', { name: 'Show the first prompt' });
  if (await first.count()) await first.click();
  for (const s of long) await expect(page.getByRole('region', { name: s, exact: true })).toBeVisible();
  // Each piece between "-" breaks is one line box: nothing broke mid-word.
  const pieces = page.locator('.column-head .system-name-piece');
  expect(await pieces.count()).toBeGreaterThan(20);
  const split = await pieces.evaluateAll((els) => els.filter((e) => e.getClientRects().length !== 1).map((e) => e.textContent));
  expect(split).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('browse-long-names-1280x800.png') });
  await page.setViewportSize({ width: 1400, height: 900 });
});
