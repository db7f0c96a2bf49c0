// importGeneric / guessMapping / readColumns: JSONL, JSON and CSV tables of samples.
import { describe, expect, it } from 'vitest';
import { guessMapping, importGeneric, readColumns } from './generic';

const enc = new TextEncoder();
const file = (name: string, text: string) => ({ name, bytes: enc.encode(text) });

describe('guessMapping', () => {
  it('maps common names, case- and dash-insensitively', () => {
    expect(guessMapping(['Prompt', 'model', 'sample_index', 'Response', 'Prompt-ID', 'dataset', 'extra'])).toEqual({
      prompt: 'Prompt',
      promptId: 'Prompt-ID',
      system: 'model',
      sample: 'sample_index',
      text: 'Response',
      dataset: 'dataset',
    });
  });
  it('leaves unknown fields out', () => expect(guessMapping(['a', 'b'])).toEqual({}));
});

describe('readColumns', () => {
  it('CSV header, JSONL keys, JSON array keys', () => {
    expect(readColumns(file('a.csv', 'prompt,system,text\nq,s,t\n'))).toEqual(['prompt', 'system', 'text']);
    expect(readColumns(file('a.jsonl', '{"q":1,"r":2}\n{"s":3}\n'))).toEqual(['q', 'r', 's']);
    expect(readColumns(file('a.json', '{"samples":[{"x":1}]}'))).toEqual(['x']);
  });
});

describe('importGeneric', () => {
  it('JSONL rows become prompts and samples; extra columns become meta', () => {
    const r = importGeneric([
      file('s.jsonl', [
        { prompt: 'Q1', system: 'llama-2-chat', sample: 0, text: ' A1 ```', temp: 1 },
        { prompt: 'Q1', system: 'llama-2-chat', sample: 1, text: 'A2' },
        { prompt: 'Q2', system: 'llama-2-base', text: 'B1' },
        { prompt: 'Q2', system: 'llama-2-base', text: null, error: 'timeout' },
      ].map((x) => JSON.stringify(x)).join('\n')),
    ]);
    expect(r.problems).toEqual([]);
    const [ds] = r.datasets;
    expect(ds!.id).toBe('imported');
    expect(ds!.prompts.map((p) => [p.id, p.text])).toEqual([['p0', 'Q1'], ['p1', 'Q2']]);
    expect(ds!.samples.map((s) => [s.system, s.prompt, s.index, s.text, s.error ?? null])).toEqual([
      ['llama-2-chat', 0, 0, 'A1', null],
      ['llama-2-chat', 0, 1, 'A2', null],
      ['llama-2-base', 1, 0, 'B1', null],
      ['llama-2-base', 1, 1, null, 'timeout'],
    ]);
    expect(ds!.samples[0]!.meta).toEqual({ temp: 1 });
    expect(ds!.systems.map((s) => [s.id, s.kind])).toEqual([['llama-2-chat', 'aligned'], ['llama-2-base', 'base']]);
  });

  it('CSV with a user mapping, quoted newlines and dataset/split columns', () => {
    const csv = 'q,who,txt,ds,dec\n"line1\nline2",m1,"a, b",D1,outputs-temp0\nq2,m1,c,D2,\n';
    const r = importGeneric([file('t.csv', csv)], { prompt: 'q', system: 'who', text: 'txt', dataset: 'ds', split: 'dec' });
    expect(r.problems).toEqual([]);
    expect(r.datasets.map((d) => d.id)).toEqual(['D1', 'D2']);
    expect(r.datasets[0]!.prompts[0]!.text).toBe('line1\nline2');
    expect(r.datasets[0]!.samples[0]).toMatchObject({ text: 'a, b', split: 'outputs-temp0' });
    expect(r.datasets[1]!.samples[0]!.split).toBe('outputs');
  });

  it('JSON array and {samples:[...]} with prompt ids', () => {
    const rows = [{ prompt_id: 'a', system: 's', response: 'x' }, { prompt_id: 'a', system: 's', response: 'y' }];
    for (const text of [JSON.stringify(rows), JSON.stringify({ samples: rows })]) {
      const r = importGeneric([file('x.json', text)]);
      expect(r.problems).toEqual([]);
      expect(r.datasets[0]!.prompts).toEqual([{ id: 'a', index: 0, text: '' }]);
      expect(r.datasets[0]!.samples.map((s) => s.index)).toEqual([0, 1]);
    }
  });

  it('incomplete mapping → one error naming the file and the missing columns', () => {
    const r = importGeneric([file('m.csv', 'question,answer\nq,a\n')]);
    expect(r.datasets).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ severity: 'error', file: 'm.csv' });
    expect(r.problems[0]!.message).toMatch(/missing column.*system/);
    const r2 = importGeneric([file('m.csv', 'a,b,c\n1,2,3\n')], { prompt: 'a', system: 'b', text: 'zzz' });
    expect(r2.problems[0]!.message).toContain('text (column "zzz" not found)');
  });

  it('paper-shaped samples.jsonl is read as one system run named by its folder', () => {
    const r = importGeneric([file('runs/llama-2-icl/samples.jsonl', '{"prompt":"p","outputs":[{"generated_text":"a\\n```"},{"generated_text":"b"}]}\n{"ok":false}\n')]);
    const ds = r.datasets[0]!;
    expect(ds.samples.map((s) => [s.system, s.prompt, s.index, s.text, !!s.lineFailed])).toEqual([
      ['llama-2-icl', 0, 0, 'a', false],
      ['llama-2-icl', 0, 1, 'b', false],
      ['llama-2-icl', 1, 0, null, true],
    ]);
  });
});

describe('importGeneric with mappingFillsGuesses', () => {
  const csv = file('t.csv', 'question,model,reply,answer\nWhy?,a,r1,x1\nWhy?,a,r2,x2\n');
  it('lays a partial mapping over the guesses; a column the user takes is not guessed for another field', () => {
    const r = importGeneric([csv], { text: 'reply', prompt: 'answer' }, { mappingFillsGuesses: true });
    expect(r.problems).toEqual([]);
    expect(r.datasets[0]!.samples.map((s) => s.text)).toEqual(['r1', 'r2']);
    expect(r.datasets[0]!.prompts.map((p) => p.text)).toEqual(['x1', 'x2']);
    expect(r.datasets[0]!.samples.map((s) => s.system)).toEqual(['a', 'a']);
  });
  it('without it, a partial mapping stays partial (the app sends complete ones)', () => {
    const r = importGeneric([csv], { text: 'reply' });
    expect(r.datasets).toEqual([]);
    expect(r.problems[0]!.message).toMatch(/missing columns for prompt, system/);
  });
});
