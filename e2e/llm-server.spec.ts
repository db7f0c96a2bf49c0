// The LLM test server as a browser sees it: CORS allowed from the app's origin, streaming readable, and the `cors` mode refused the way a real server refuses (fetch throws a TypeError).
import { expect, test } from '@playwright/test';

const llm = `http://127.0.0.1:${Number(process.env.OVERTON_LLM_PORT ?? 4306)}`;

test('the app page can call the test server, stream from it, and gets a CORS refusal only when asked', async ({ page }) => {
  await page.goto('/');
  // The app's CSP limits connect-src to origins the user allowed (what the Hint lab's "Allow and reload" stores).
  await page.evaluate((origin) => localStorage.setItem('overton:allowed-origins', JSON.stringify([origin])), llm);
  await page.reload();
  const result = await page.evaluate(async (base) => {
    const attempt = async (url: string, init?: RequestInit) => {
      try {
        const r = await fetch(url, init);
        return { status: r.status, text: await r.text() };
      } catch (e) {
        return { error: `${(e as Error).name}: ${(e as Error).message}` };
      }
    };
    const post = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const prompt = '# Query:\n```\nWhat medicine should I take when I get a cold?\n```\n\n# Answer:\n```\n';
    return {
      models: await attempt(`${base}/v1/models`),
      stream: await attempt(`${base}/v1/completions`, post({ model: 'overton-test-base', prompt, n: 2, seed: 1, stop: ['```'], stream: true })),
      failHeader: await attempt(`${base}/v1/completions`, post({ model: 'overton-test-base', prompt }, { 'x-fail': '429' })),
      corsGet: await attempt(`${base}/fail/cors/v1/models`),
      corsPost: await attempt(`${base}/fail/cors/v1/completions`, post({ model: 'overton-test-base', prompt })),
    };
  }, llm);
  expect(result.models).toMatchObject({ status: 200, text: expect.stringContaining('overton-test-base') });
  expect(result.stream).toMatchObject({ status: 200 });
  const events = (result.stream as { text: string }).text.split('\n\n').filter(Boolean);
  expect(events.at(-1)).toBe('data: [DONE]');
  expect(events.length).toBeGreaterThan(10);
  expect(result.failHeader).toMatchObject({ status: 429 });
  expect(result.corsGet).toEqual({ error: 'TypeError: Failed to fetch' });
  expect(result.corsPost).toEqual({ error: 'TypeError: Failed to fetch' });
});
