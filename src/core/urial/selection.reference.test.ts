// kNN selection with the paper's prompt embeddings picks exactly the examples of its kNN-by-prompt systems; the overflow warning matches TGI's refusals.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperEmbeddingsFromNpz } from '../embed/npz';
import { parseSampleLine } from '../io/records';
import { promptBudget } from './measure';
import { parsePrompt } from './prompt';
import { selectExamples } from './selection';
import { paperDataDir } from '../../node/paper-data';

const lima = join(paperDataDir(), 'LIMA-OE');
const npz = join(lima, 'instances/embeddings-prompt_similar.npz');

const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
const firstSamples = (system: string) => lines(join(lima, 'outputs', system, 'samples.jsonl')).map((r) => parseSampleLine(r).samples[0]?.text?.trim() ?? null);

describe.skipIf(!existsSync(npz))('kNN by prompt on LIMA-OE', () => {
  const emb = paperEmbeddingsFromNpz(new Uint8Array(readFileSync(npz)), 'embeddings-prompt_similar.npz');
  const prompts = lines(join(lima, 'instances/data.jsonl')).map((r) => (r as { messages: { content: string }[] }).messages[0]!.content.trim());

  it.each([
    ['llama-2-icl-chat-knn-prompt_similar', 'llama-2-chat', 3],
    ['llama-2-icl-chat-5nn-prompt_similar', 'llama-2-chat', 5],
    ['llama-2-icl-gpt-3.5-knn-prompt_similar', 'gpt-3.5-turbo', 3],
  ] as const)('%s: the same examples (queries and teacher answers, in order) for all 50 prompts', (system, teacher, k) => {
    const ctx = { prompts, teacherAnswers: firstSamples(teacher), promptVectors: { vectors: emb.vectors, n: emb.n, dim: emb.dim } };
    const recs = lines(join(lima, 'outputs', system, 'samples.jsonl')) as { prompt: string }[];
    expect(recs).toHaveLength(50);
    let same = 0;
    recs.forEach((rec, i) => {
      const r = parsePrompt(rec.prompt);
      if (!r.ok || r.prompt.format !== 'urial') throw new Error(`prompt ${i} does not parse`);
      const mine = selectExamples({ kind: 'knn-prompt', k }, i, ctx);
      expect(mine).toEqual(r.prompt.examples);
      same++;
    });
    expect(same).toBe(50);
  });
});

describe.skipIf(!existsSync(lima))('random and kNN-by-response systems use the same example model', () => {
  const prompts = existsSync(lima) ? lines(join(lima, 'instances/data.jsonl')).map((r) => (r as { messages: { content: string }[] }).messages[0]!.content.trim()) : [];
  it.each([
    ['llama-2-icl-chat-rand', 'llama-2-chat'],
    ['llama-2-icl-chat-knn-response_similar', 'llama-2-chat'],
    ['llama-2-icl-gpt-3.5-rand', 'gpt-3.5-turbo'],
    ['llama-2-icl-gpt-3.5-knn-response_similar', 'gpt-3.5-turbo'],
  ] as const)("%s: every example is another dataset prompt with the teacher's first answer", (system, teacher) => {
    const answers = firstSamples(teacher);
    const recs = lines(join(lima, 'outputs', system, 'samples.jsonl')) as { prompt: string }[];
    recs.forEach((rec, i) => {
      const r = parsePrompt(rec.prompt);
      if (!r.ok || r.prompt.format !== 'urial') throw new Error(`prompt ${i} does not parse`);
      expect(r.prompt.examples).toHaveLength(3);
      for (const e of r.prompt.examples) {
        const j = prompts.indexOf(e.query);
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).not.toBe(i);
        expect(e.answer).toBe(answers[j]);
      }
    });
  });
});

describe.skipIf(!existsSync(lima))('overflow warning against the paper\'s refusals', () => {
  it('fires for every 5-example prompt TGI refused for length, and the estimate is never below the true count', () => {
    const recs = lines(join(lima, 'outputs/llama-2-icl-chat-5nn-prompt_similar/samples.jsonl')) as { prompt: string; outputs: { error?: string }[] }[];
    let refused = 0;
    for (const rec of recs) {
      const m = rec.outputs.map((o) => /Given: (\d+) `inputs` tokens and (\d+) `max_new_tokens`/.exec(o.error ?? '')).find(Boolean);
      if (!m) continue;
      refused++;
      const b = promptBudget(rec.prompt, 4096, Number(m[2]));
      expect(b.overflow).toBe(true);
      expect(b.tokens).toBeGreaterThanOrEqual(Number(m[1]));
      expect(b.tokens).toBeLessThan(Number(m[1]) * 1.2);
    }
    expect(refused).toBe(48);
  });
});
