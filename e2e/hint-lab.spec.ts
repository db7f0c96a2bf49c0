// Hint lab end to end: kNN + summary-hint prompt for a LIMA-OE prompt, 5 samples streamed from the test server and
// from the in-browser tiny LM, the teacher comparison, saved configuration after reload, a batch that survives a
// reload and resumes, and failure messages.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openServerData, selectDataset } from './support';

const LLM = `http://127.0.0.1:${process.env.OVERTON_LLM_PORT ?? 4306}`;
const SHOTS = 'test-results/hint-lab';

async function openLab(page: Page): Promise<void> {
  await selectDataset(page, 'LIMA-OE');
  await page.getByRole('tab', { name: 'Hint lab' }).click();
  await expect(page.getByRole('region', { name: 'Prompt builder' })).toBeVisible();
}

async function useServer(page: Page, url: string): Promise<void> {
  await page.getByRole('radio', { name: 'OpenAI-compatible server' }).check();
  await page.getByLabel('Base model (/v1/completions) server').selectOption('vllm');
  await page.getByLabel('Base model (/v1/completions) URL').fill(url);
  await page.getByLabel('Base model (/v1/completions) model').fill('llama-2-7b-hf');
  // The built app's CSP allows only its own origin until the user allows the server's (then the page reloads).
  const allow = page.getByRole('button', { name: `Allow ${LLM} and reload` });
  if (await allow.count()) {
    await allow.first().click();
    await page.waitForLoadState('load');
    await page.getByRole('tab', { name: 'Hint lab' }).click();
    await expect(page.getByLabel('Base model (/v1/completions) URL')).toHaveValue(url);
    await expect(allow).toHaveCount(0);
  }
}

async function knnWithHint(page: Page): Promise<void> {
  await page.getByLabel('Preset').selectOption('knn-prompt');
  await page.getByLabel('Summary hint', { exact: true }).check();
  await page.getByLabel('Teacher', { exact: true }).selectOption('llama-2-chat');
  // The dataset's summary of llama-2-chat's answer fills the hint; the kNN examples need the prompt embeddings.
  await expect(page.getByLabel('Hint text')).not.toHaveValue('', { timeout: 60_000 });
  await expect(page.getByLabel('Rendered prompt')).toHaveValue(/# Summary:\n```\n/, { timeout: 120_000 });
}

test.describe('hint lab', () => {
  // Two shared cores: model loads, embeddings and streaming take minutes when other suites run alongside.
  test.describe.configure({ mode: 'serial', timeout: 420_000 });

  test('kNN + summary prompt, 5 streamed samples from the test server, teacher comparison, saved configuration', async ({ browser }) => {
    const page = await openServerData(browser);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openLab(page);
    await knnWithHint(page);
    const prompt = await page.getByLabel('Rendered prompt').inputValue();
    // Three examples (each a # Query block) plus the test query, then the hint and the open answer block.
    expect(prompt.match(/^# Query:/gm)?.length).toBe(4);
    expect(prompt.endsWith('# Answer:\n```\n')).toBe(true);
    await expect(page.getByLabel('Prompt size')).toContainText(`${prompt.length.toLocaleString('en-US')} characters`);

    // drip: streamed pieces arrive 80 ms apart, so the samples are seen streaming.
    await useServer(page, `${LLM}/fail/drip80`);
    await page.getByLabel('Samples (N)').fill('5');
    await page.getByLabel('Max tokens').fill('128');
    await page.getByRole('button', { name: /^Regenerate 5 for prompt/ }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.locator('.lab-sample.streaming').first()).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/streaming-1920.png` });
    await expect(results.getByLabel('Run progress')).toContainText('done · 5 of 5 samples', { timeout: 180_000 });
    const system = 'llama-2-7b-icl-llama-2-chat-knn-prompt_similar-summary';
    await expect(results.getByRole('heading', { level: 3, name: new RegExp(system) })).toBeVisible();
    const gen = results.getByLabel(`Samples of ${system}`).locator('article');
    await expect(gen).toHaveCount(5);
    // The comparison: the generated row has a similarity to the teacher, the teacher row its self-similarity.
    const table = results.getByRole('table', { name: 'Comparison with the teacher' });
    const genRow = table.getByRole('row').filter({ hasText: system });
    await expect(genRow.getByRole('cell').nth(2)).toHaveText('5');
    await expect(genRow.getByRole('cell').nth(3)).toHaveText(/^0\.\d\d$/);
    await expect(table.getByRole('row').filter({ hasText: 'teacher (self)' }).getByRole('cell').nth(3)).toHaveText(/^0\.\d\d$/);
    // The comparison exports as CSV (and LaTeX) with the unrounded numbers the table shows rounded.
    await results.getByRole('button', { name: /^Export table: Comparison with the teacher/ }).click();
    const panel = results.getByRole('group', { name: /^Export table: Comparison with the teacher/ });
    const [dl] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'CSV', exact: true }).click()]);
    const csvRow = readFileSync((await dl.path())!, 'utf8').split('\n').find((l) => l.startsWith(`${system},`))!.split(',');
    expect(csvRow[2]).toBe('5');
    expect(Number(csvRow[3]).toFixed(2)).toBe(await genRow.getByRole('cell').nth(3).textContent());
    await results.getByRole('button', { name: /^Export table: Comparison with the teacher/ }).click();
    // Judges through the aligned endpoint attach a verdict to every sample.
    await page.getByLabel('Aligned model (/v1/chat/completions: hints, judges) URL').fill(LLM);
    await page.getByLabel('Aligned model (/v1/chat/completions: hints, judges) model').fill('llama-2-7b-chat-hf');
    await results.getByLabel('Judge', { exact: true }).selectOption('eval-stance');
    await results.getByRole('button', { name: 'Judge 5 samples with the aligned endpoint' }).click();
    await expect(results.getByRole('status').filter({ hasText: 'Judged 5 samples.' })).toBeVisible({ timeout: 60_000 });
    await expect(results.getByLabel('Judge results').getByRole('listitem')).toHaveCount(5);
    await expect(results.getByLabel('Judge results').getByRole('listitem').first()).toHaveText(/^#1: (yes|no|both|other)$/);
    await page.screenshot({ path: `${SHOTS}/server-done-1920.png`, fullPage: true });

    await page.reload();
    await page.getByRole('tab', { name: 'Hint lab' }).click();
    const runs = page.getByRole('region', { name: 'Generated systems' });
    await expect(runs.getByLabel(`Status of ${system}`)).toHaveText('done');
    await runs.getByText('configuration').first().click();
    const cfg = runs.locator('.lab-config').first();
    await expect(cfg).toContainText('"kind": "knn-prompt"');
    await expect(cfg).toContainText('"hint": true');
    await expect(cfg).toContainText(`"baseUrl": "${LLM}/fail/drip80"`);
    await expect(cfg).toContainText('"temperature": 0.7');
    await expect(cfg).not.toContainText('apiKey');
    await expect(page.getByRole('region', { name: 'Results' }).getByLabel(`Samples of ${system}`).locator('article')).toHaveCount(5);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/after-reload-1280.png` });
    await page.close();
  });

  test('the same with the tiny LM in the browser', async ({ browser }) => {
    const page = await openServerData(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openLab(page);
    await knnWithHint(page);
    await page.getByRole('radio', { name: 'In this browser' }).check();
    await page.getByRole('button', { name: 'Use bundled tiny LM' }).click();
    await expect(page.getByRole('region', { name: 'Engine' }).getByRole('status').filter({ hasText: /Loaded overton\/tiny-lm on wasm/ })).toBeVisible({ timeout: 60_000 });
    // Byte-level tokens: three long teacher answers make a ~20k-token prompt, over the tiny LM's 8192. The lab warns,
    // and the generator refuses with the sizes instead of grinding through it.
    await page.getByLabel('Context size').fill('8192');
    await page.getByLabel('Max tokens').fill('48');
    await expect(page.getByRole('alert').filter({ hasText: /exceeds the 8192-token context/ })).toBeVisible();
    await page.getByRole('button', { name: /^Regenerate 5 for prompt/ }).click();
    await expect(page.getByRole('region', { name: 'Results' }).getByRole('alert')).toContainText(/exceeds Tiny test LM .*'s context of 8192 tokens/, { timeout: 60_000 });
    // One nearest example fits.
    await page.getByLabel('K examples').fill('1');
    await expect.poll(async () => ((await page.getByLabel('Rendered prompt').inputValue()).match(/^# Query:/gm) ?? []).length, { timeout: 30_000 }).toBe(2);
    await expect(page.getByRole('alert').filter({ hasText: /exceeds the 8192-token context/ })).toHaveCount(0);
    await page.getByRole('button', { name: /^Regenerate 5 for prompt/ }).click();
    const results = page.getByRole('region', { name: 'Results' });
    await expect(results.getByLabel('Run progress')).toContainText('done · 5 of 5 samples', { timeout: 120_000 });
    const system = 'tiny-lm-icl-llama-2-chat-1nn-prompt_similar-summary';
    await expect(results.getByLabel(`Samples of ${system}`).locator('article')).toHaveCount(5);
    const texts = await results.getByLabel(`Samples of ${system}`).locator('.lab-text').allInnerTexts();
    expect(new Set(texts).size).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}/tiny-lm-1280.png`, fullPage: true });
    await page.reload();
    await page.getByRole('tab', { name: 'Hint lab' }).click();
    const cfg = page.getByRole('region', { name: 'Generated systems' });
    await expect(cfg.getByLabel(`Status of ${system}`)).toHaveText('done');
    await expect(cfg.getByRole('row').filter({ hasText: system })).toContainText('in this browser: overton/tiny-lm');
    await page.close();
  });

  test('a batch over 10 prompts survives a reload midway and resumes', async ({ browser }) => {
    const page = await openServerData(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openLab(page);
    await page.getByLabel('Preset').selectOption('fixed');
    await expect(page.getByLabel('Rendered prompt')).toHaveValue(/# Answer:\n```\n$/);
    await useServer(page, `${LLM}/fail/drip100`);
    await page.getByLabel('Samples (N)').fill('2');
    await page.getByLabel('Max tokens').fill('40');
    await page.getByLabel('Batch prompts').fill('0-9');
    await page.getByRole('button', { name: 'Run batch' }).click();
    const progress = page.getByRole('region', { name: 'Results' }).getByLabel('Run progress');
    await expect(progress).toContainText(/running · [4-9] of 20 samples/, { timeout: 60_000 });
    await page.reload();
    await page.getByRole('tab', { name: 'Hint lab' }).click();
    const runs = page.getByRole('region', { name: 'Generated systems' });
    const system = 'llama-2-7b-icl';
    await expect(runs.getByLabel(`Status of ${system}`)).toHaveText('interrupted');
    await page.screenshot({ path: `${SHOTS}/batch-interrupted-1280.png` });
    await runs.getByRole('button', { name: `Resume ${system}` }).click();
    await expect(page.getByRole('region', { name: 'Results' }).getByLabel('Run progress')).toContainText('done · 20 of 20 samples', { timeout: 180_000 });
    await expect(runs.getByLabel(`Status of ${system}`)).toHaveText('done');
    await page.close();
  });

  test('failures say what went wrong', async ({ browser }) => {
    const page = await openServerData(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openLab(page);
    await page.getByLabel('Preset').selectOption('fixed');
    // A server that refuses this origin: test connection names CORS.
    await useServer(page, `${LLM}/fail/cors`);
    const engine = page.getByRole('region', { name: 'Engine' });
    await engine.getByRole('button', { name: 'Test connection' }).first().click();
    await expect(engine.getByText(/CORS/).first()).toBeVisible();
    // A server answering 500: retried, then the run stops with the status in the message.
    await useServer(page, `${LLM}/fail/500`);
    await page.getByLabel('Samples (N)').fill('3');
    await page.getByRole('button', { name: /^Regenerate 3 for prompt/ }).click();
    await expect(page.getByRole('region', { name: 'Results' }).getByRole('alert')).toContainText(/failed samples in a row: http 500/, { timeout: 60_000 });
    // A batch over prompts that do not exist is refused with the reason.
    await page.getByLabel('Batch prompts').fill('0-999');
    await page.getByRole('button', { name: 'Run batch' }).click();
    await expect(page.getByRole('region', { name: 'Regenerate' }).getByRole('alert')).toContainText('prompt 50 is not in this dataset');
    await page.screenshot({ path: `${SHOTS}/failures-1280.png`, fullPage: true });
    await page.close();
  });
});
