// E2E: Browse shows per-prompt measures and the paper's judge results, equal to what core computes from the files.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstContent, parseSampleLine } from '../src/core/io/records';
import { cleanText } from '../src/core/io/text';
import { QUALITY_ASPECTS, qualityScores, stanceOf } from '../src/core/metrics/judges';
import { promptMeasures } from '../src/core/metrics/outputs';
import { makeSample } from '../src/core/model/builders';
import { openServerData, PAPER, selectDataset } from './support';


const lines = (...path: string[]) => readFileSync(resolve(PAPER, ...path), 'utf8').split('\n').filter((l) => l.trim());

/** Core's measures of one prompt's samples, from the samples file (cleaned and parsed with the core importer parts). */
function expectedMeasures(dataset: string, system: string, prompt: number) {
  const parsed = parseSampleLine(JSON.parse(lines(dataset, 'outputs', system, 'samples.jsonl')[prompt]!));
  const samples = parsed.samples.map((s, index) =>
    makeSample({ system, prompt, index, text: s.text === null ? null : cleanText(s.text, system) }),
  );
  return promptMeasures(prompt, samples);
}

/** A judge folder's contents for one prompt, in sample order (lines are grouped by prompt, equal groups). */
function judgeContents(dataset: string, kind: string, name: string, prompt: number, prompts: number): (string | null)[] {
  const all = lines(dataset, kind, 'outputs', name, 'samples.jsonl');
  const per = all.length / prompts;
  return all.slice(prompt * per, (prompt + 1) * per).map((l) => firstContent(JSON.parse(l)).content);
}

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await openServerData(browser);
});

test.afterAll(async () => {
  await page.close();
});

async function openPrompt(dataset: string, prompt: number) {
  await selectDataset(page, dataset);
  await page.getByRole('tab', { name: 'Browse' }).click();
  await page.getByRole('option', { name: new RegExp(`^${prompt} `) }).first().click();
  await expect(page.getByLabel('Selected prompt')).toContainText(`Prompt ${prompt}`);
}

const column = (system: string) => page.getByRole('region', { name: system, exact: true });

test('a LIMA-OE column shows the per-prompt measures core computes for that prompt', async () => {
  const prompt = 7;
  await openPrompt('LIMA-OE', prompt);
  const m = expectedMeasures('LIMA-OE', 'llama-2-chat', prompt);
  expect(m.jaccard_all).not.toBeNull();
  const measures = column('llama-2-chat').getByLabel('Measures of llama-2-chat for this prompt');
  await expect(measures.locator('[data-measure="jaccard_all"]')).toHaveText(m.jaccard_all!.toFixed(3));
  await expect(measures.locator('[data-measure="jaccard_nostop"]')).toHaveText(m.jaccard_nostop!.toFixed(3));
  await expect(measures.locator('[data-measure="n_valid"]')).toHaveText(String(m.n_valid));
  await expect(measures.locator('[data-measure="distinct_prefix5_ratio"]')).toHaveText(m.distinct_prefix5_ratio!.toFixed(2));
  // Another prompt gives that prompt's figure, not a cached one.
  const other = expectedMeasures('LIMA-OE', 'llama-2-chat', 3);
  await openPrompt('LIMA-OE', 3);
  await expect(measures.locator('[data-measure="jaccard_all"]')).toHaveText(other.jaccard_all!.toFixed(3));
});

test('quality scores of the eval-quality judge show on each sample', async () => {
  const prompt = 3;
  const contents = judgeContents('LIMA-OE', 'eval-quality', 'llama-2-chat', prompt, 50);
  expect(contents).toHaveLength(5);
  for (const [i, c] of contents.entries()) {
    const card = column('llama-2-chat').getByRole('article', { name: `Sample ${i + 1}`, exact: true });
    const scores = qualityScores(c)!;
    for (const a of QUALITY_ASPECTS) {
      await expect(card.locator(`[data-aspect="${a}"]`)).toHaveAttribute('aria-label', `${a} ${scores[a] === null ? '–' : scores[a]!.toFixed(0)}`);
    }
  }
  // The reasons open as plain text.
  const first = column('llama-2-chat').getByRole('article', { name: 'Sample 1', exact: true });
  await first.locator('.judgements > summary').click();
  await expect(first.locator('.judge-reasons')).toContainText('helpfulness');
});

test('BERTScore against a shown system is the mean F1 of that prompt\'s rows', async () => {
  const prompt = 3;
  const f = JSON.parse(readFileSync(resolve(PAPER, 'LIMA-OE', 'bertscore', 'outputs', 'llama-2-chat--llama-2-base.json'), 'utf8')) as {
    instance_ids: number[];
    results: { f1: number[] };
  };
  const f1 = f.results.f1.filter((_, i) => f.instance_ids[i] === prompt);
  expect(f1).toHaveLength(5);
  const expected = f1.reduce((a, b) => a + b, 0) / f1.length;
  await expect(column('llama-2-base').locator('[data-measure="bertscore"]')).toContainText(`F1 ${expected.toFixed(3)} vs llama-2-chat`);
});

test('a ConflictingQA prompt shows the eval-stance labels and the pluralism flags', async () => {
  // Prompt 2: llama-2-base's five samples are judged no / both / no / yes / both, so both flags are on.
  const prompt = 2;
  await openPrompt('ConflictingQA', prompt);
  const stances = judgeContents('ConflictingQA', 'eval-stance', 'llama-2-base', prompt, 434).map(stanceOf);
  expect(stances).toHaveLength(5);
  const col = column('llama-2-base');
  for (const [i, s] of stances.entries()) {
    const card = col.getByRole('article', { name: `Sample ${i + 1}`, exact: true });
    await expect(card.locator('[data-stance]')).toHaveText(s ?? 'unparsed');
  }
  expect(stances.includes('yes') && stances.includes('no') && stances.includes('both')).toBe(true);
  await expect(col.locator('[data-flag="yes-and-no"]')).toHaveClass(/\bon\b/);
  await expect(col.locator('[data-flag="any-both"]')).toHaveClass(/\bon\b/);
  await expect(col.getByRole('img', { name: /^Stances: / })).toHaveAttribute(
    'aria-label',
    `Stances: ${['yes', 'no', 'both', 'other'].map((l) => [l, stances.filter((s) => s === l).length] as const).filter(([, n]) => n > 0).map(([l, n]) => `${n} ${l}`).join(', ')}`,
  );
});
