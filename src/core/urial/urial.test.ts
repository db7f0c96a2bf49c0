// Builder, parser, selection and size helpers of the URIAL prompt family on small hand-made inputs.
import { describe, expect, it } from 'vitest';
import { estimateTokens, promptBudget } from './measure';
import { composePrompt, defaultPreamble, FIXED_EXAMPLES, PRESETS, presetTemplate, summarizeMessages, templateFromPrompt } from './presets';
import { buildUrialPrompt, parsePrompt, renderPrompt, URIAL } from './prompt';
import { nearestPrompts, randomPrompts, selectExampleIndices, type SelectionContext } from './selection';
import { mulberry32 } from '../similarity/random';

const ctx: SelectionContext = {
  prompts: ['alpha?', 'beta?', 'gamma?', 'delta?', 'alpha?'],
  teacherAnswers: ['A', 'B', null, 'D', 'A2'],
  teacherSummaries: ['sA', 'sB', null, 'sD', 'sA2'],
  // Row 4 duplicates row 0's text; row 2's teacher failed.
  promptVectors: { vectors: Float32Array.from([1, 0, 0.9, 0.1, 0.95, 0.05, 0, 1, 1, 0]), n: 5, dim: 2 },
};

describe('renderPrompt / parsePrompt', () => {
  it('renders the exact URIAL layout and parses it back into the same parts', () => {
    const p = buildUrialPrompt({ preamble: '  Be nice.\n', examples: [{ query: ' q1 ', answer: 'a1\n' }], query: 'test?', hint: ' short ' });
    const text = renderPrompt(p);
    expect(text).toBe('# Instructions:\n\nBe nice.\n\n# Query:\n```\nq1\n```\n\n# Answer:\n```\na1\n```\n\n# Query:\n```\ntest?\n```\n\n# Summary:\n```\nshort\n```\n\n# Answer:\n```\n');
    expect(parsePrompt(text)).toEqual({ ok: true, prompt: p });
  });

  it('keeps answers that contain their own code fences', () => {
    const answer = 'Use:\n```\nls -la\n```\n\nthen\n```python\nprint(1)\n```';
    const p = buildUrialPrompt({ preamble: null, examples: [{ query: 'how?', answer }], query: 'next?' });
    const r = parsePrompt(renderPrompt(p));
    expect(r.ok && r.prompt).toEqual(p);
  });

  it('reads zero-shot, summary-cot and Llama-2 chat prompts', () => {
    expect(parsePrompt('# Query:\n```\nhi\n```\n\n# Answer:\n```\n')).toEqual({ ok: true, prompt: { format: 'urial', preamble: null, examples: [], query: 'hi', hint: null, open: 'answer' } });
    const cot = buildUrialPrompt({ preamble: 'P', examples: [{ query: 'q', summary: 's', answer: 'a' }], query: 't', open: 'summary' });
    expect(renderPrompt(cot).endsWith('# Query:\n```\nt\n```\n\n# Summary:\n```\n')).toBe(true);
    expect(parsePrompt(renderPrompt(cot))).toEqual({ ok: true, prompt: cot });
    const chat = '<s>[INST] <<SYS>>\nbe brief\n<</SYS>>\n\nWhy? [/INST]';
    const r = parsePrompt(chat);
    expect(r).toEqual({ ok: true, prompt: { format: 'llama-2-chat', system: 'be brief', query: 'Why?' } });
    expect(r.ok && renderPrompt(r.prompt)).toBe(chat);
  });

  it('says what is wrong with text that is not a prompt', () => {
    expect(parsePrompt('hello')).toMatchObject({ ok: false, error: expect.stringContaining('expected "# Query:"') });
    expect(parsePrompt('# Query:\n```\nunclosed')).toMatchObject({ ok: false, error: expect.stringContaining('never closed') });
    expect(parsePrompt('# Query:\n```\nq\n```\n\n')).toMatchObject({ ok: false, error: expect.stringContaining('open') });
    expect(parsePrompt('# Instructions:\n\nno blocks')).toMatchObject({ ok: false });
    expect(parsePrompt('# Answer:\n```\na\n```\n\n# Answer:\n```\n')).toMatchObject({ ok: false, error: expect.stringContaining('Query') });
    expect(() => buildUrialPrompt({ preamble: null, examples: [], query: 'q', hint: 'h', open: 'summary' })).toThrow(/summary hint/);
  });
});

describe('render → parse → render (seeded property test)', () => {
  it('every rendered prompt parses, back to the same bytes, and to the same parts unless a text holds a block boundary', () => {
    const rand = mulberry32(2024);
    const bits = ['word', ' ', '\n', '```', '```python\n', '# Query:', '# Answer:\n```\n', '\n```\n\n', 'é', '\n\n# Summary:\n```\n', '#', '"'];
    const text = () => Array.from({ length: 1 + Math.floor(rand() * 8) }, () => bits[Math.floor(rand() * bits.length)]!).join('');
    let sameParts = 0;
    let parsed = 0;
    for (let t = 0; t < 500; t++) {
      const withSummaries = rand() < 0.3;
      const open = rand() < 0.2 ? 'summary' : 'answer';
      const p = {
        format: 'urial' as const,
        preamble: rand() < 0.8 ? text() : null,
        examples: Array.from({ length: Math.floor(rand() * 4) }, () => ({ query: text(), answer: text(), ...(withSummaries ? { summary: text() } : {}) })),
        query: text(),
        hint: open === 'answer' && rand() < 0.3 ? text() : null,
        open: open as 'answer' | 'summary',
      };
      const rendered = renderPrompt(p);
      const r = parsePrompt(rendered);
      if (!r.ok) throw new Error(`case ${t} does not parse: ${r.error}\n${JSON.stringify(rendered)}`);
      parsed++;
      expect(renderPrompt(r.prompt)).toBe(rendered);
      const clean = [p.preamble ?? '', p.query, p.hint ?? '', ...p.examples.flatMap((e) => [e.query, e.answer, e.summary ?? ''])].every((x) => !x.includes('```\n\n#') && !x.includes('\n\n#'));
      if (clean) {
        expect(r.prompt).toEqual(p);
        sameParts++;
      }
    }
    expect(parsed).toBe(500);
    expect(sameParts).toBeGreaterThan(50);
  });
});

describe('selection', () => {
  it('kNN: most similar first, skipping the prompt itself, its duplicates and failed teacher answers', () => {
    expect(nearestPrompts(ctx.promptVectors!, 0, 3)).toEqual([2, 1, 3]); // row 4 is the same vector
    expect(nearestPrompts(ctx.promptVectors!, 0, 3, { texts: ctx.prompts })).toEqual([2, 1, 3]);
    expect(selectExampleIndices({ kind: 'knn-prompt', k: 2 }, 0, ctx)).toEqual([1, 3]);
    expect(selectExampleIndices({ kind: 'knn-prompt', k: 9 }, 3, ctx)).toEqual([1, 0, 4]);
    expect(() => selectExampleIndices({ kind: 'knn-response', k: 2 }, 0, ctx)).toThrow(/teacher-response embeddings/);
  });

  it('random: seeded, distinct, never the prompt itself or a failed one', () => {
    const a = randomPrompts(50, 7, 3, 42);
    expect(a).toEqual(randomPrompts(50, 7, 3, 42));
    expect(new Set(a).size).toBe(3);
    expect(a).not.toContain(7);
    expect(randomPrompts(50, 7, 3, 43)).not.toEqual(a);
    for (let seed = 0; seed < 20; seed++) {
      const s = selectExampleIndices({ kind: 'random', k: 3, seed }, 0, ctx);
      expect(s.sort()).toEqual([1, 3, 4]);
    }
  });
});

describe('presets and composition', () => {
  it('composes the paper shapes from a template', () => {
    const knn = composePrompt(presetTemplate(PRESETS.find((p) => p.id === 'knn-prompt')!), 0, ctx);
    expect(knn.examples).toEqual([
      { query: 'beta?', answer: 'B' },
      { query: 'delta?', answer: 'D' },
    ]);
    const sum = composePrompt(presetTemplate(PRESETS.find((p) => p.id === 'summary')!), 1, ctx, 'the hint');
    expect(sum.hint).toBe('the hint');
    expect(sum.examples).toHaveLength(3);
    expect(sum.examples.every((e) => e.summary)).toBe(true);
    expect(sum.preamble).toBe(defaultPreamble({ summary: true }));
    expect(() => composePrompt(presetTemplate(PRESETS.find((p) => p.id === 'summary')!), 1, ctx)).toThrow(/hint/);
    const zero = composePrompt(presetTemplate(PRESETS[0]!), 3, ctx);
    expect(renderPrompt(zero)).toBe('# Query:\n```\ndelta?\n```\n\n# Answer:\n```\n');
    const fixed = composePrompt(presetTemplate(PRESETS.find((p) => p.id === 'fixed')!), 3, ctx);
    expect(fixed.examples.map((e) => e.query)).toEqual(FIXED_EXAMPLES.map((e) => e.query));
    expect(fixed.examples.every((e) => e.summary === undefined)).toBe(true);
  });

  it('starts from an existing prompt as a template and swaps in a new query', () => {
    const original = renderPrompt(buildUrialPrompt({ preamble: 'Paper words.', examples: [{ query: 'q', answer: 'a' }], query: 'old' }));
    const t = templateFromPrompt(original);
    const p = composePrompt(t, 1, ctx);
    expect(renderPrompt(p)).toBe(original.replace('old', 'beta?'));
    expect(() => templateFromPrompt('<s>[INST] x [/INST]')).toThrow(/chat/);
  });

  it('asks the aligned model for a short summary, in a chat request', () => {
    const m = summarizeMessages(' Q? ', 'A long answer.');
    expect(m.map((x) => x.role)).toEqual(['system', 'user']);
    expect(m[1]!.content).toContain('Q?\n\n## Answer\n\nA long answer.');
  });

  it('the shipped examples never contain a block fence, so their prompts always parse', () => {
    for (const e of FIXED_EXAMPLES) for (const t of [e.query, e.answer, e.summary!]) expect(t.includes(URIAL.close)).toBe(false);
  });
});

describe('size helpers', () => {
  it('estimates tokens at 4 characters each and warns past the context', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
    expect(promptBudget('x'.repeat(4000), 2048, 1000)).toMatchObject({ chars: 4000, tokens: 1000, total: 2000, overflow: false, warning: null });
    const b = promptBudget('x'.repeat(4000), 2048, 1100);
    expect(b.overflow).toBe(true);
    expect(b.warning).toMatch(/2048-token context/);
  });
});
