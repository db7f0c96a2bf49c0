// The bad-input corpus (test/fixtures/bad-input): every case names file and line, keeps the valid data, never throws.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../node/fs-source';
import type { Dataset, ImportProblem, ImportResult } from '../model/types';
import { importAny } from './detect';
import { summarizeRuns } from './summary';

const corpus = resolve(__dirname, '../../../test/fixtures/bad-input');

interface Case {
  /** Folder under test/fixtures/bad-input. */
  name: string;
  /** The problem this case must produce (`null` = the input is odd but valid: no problem at all). */
  problem: { file: string; line?: number; message: RegExp; severity?: 'error' | 'warning' } | null;
  /** What must survive. */
  check: (r: ImportResult) => void;
}

const only = (r: ImportResult): Dataset => {
  expect(r.datasets).toHaveLength(1);
  return r.datasets[0]!;
};
const run = (r: ImportResult) => summarizeRuns(only(r))[0]!;
const texts = (r: ImportResult) => only(r).samples.map((s) => s.text);
const counts = (r: ImportResult, n: number, hist: Record<string, number>, responses: number, errors: number) =>
  expect(run(r)).toMatchObject({ nPrompts: n, samplesPerPrompt: hist, nResponses: responses, nErrors: errors });
const threeGood = (r: ImportResult) => counts(r, 3, { 2: 3 }, 6, 0);

const cases: Case[] = [
  {
    name: 'truncated-jsonl',
    problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 3, message: /truncated last line/, severity: 'error' },
    // The truncated line is still its prompt's line: a failed line (0 samples, 1 error), as METRICS.md counts lines.
    check: (r) => counts(r, 3, { 0: 1, 2: 2 }, 4, 1),
  },
  {
    name: 'non-json-middle',
    problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /not valid JSON.*"this is not json"/ },
    check: (r) => {
      counts(r, 3, { 0: 1, 2: 2 }, 4, 1);
      expect(only(r).samples.find((s) => s.prompt === 1)).toMatchObject({ text: null, lineFailed: true, error: 'line 2 is not valid JSON' });
      // The line after the bad one still belongs to the third prompt.
      expect(only(r).samples.filter((s) => s.text === 'e')[0]!.prompt).toBe(2);
    },
  },
  { name: 'outputs-not-list', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /"outputs" is an object, not a list/ }, check: (r) => counts(r, 3, { 0: 1, 2: 2 }, 4, 1) },
  { name: 'outputs-missing', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /no "outputs"/ }, check: (r) => counts(r, 3, { 0: 1, 2: 2 }, 4, 1) },
  { name: 'record-not-object', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /record is a list/ }, check: (r) => counts(r, 3, { 0: 1, 2: 2 }, 4, 1) },
  {
    name: 'generated-text-number',
    problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /outputs\[0\]: "generated_text" is a number/ },
    check: (r) => {
      counts(r, 3, { 2: 3 }, 5, 1);
      expect(texts(r)).toContain('ok');
    },
  },
  {
    name: 'message-without-content',
    problem: { file: 'D/outputs/gpt-3.5-turbo/samples.jsonl', line: 2, message: /"message" has no "content"/ },
    check: (r) => {
      counts(r, 3, { 2: 3 }, 5, 1);
      expect(texts(r)).toContain('fine');
    },
  },
  {
    name: 'ok-false-line',
    problem: null,
    check: (r) => {
      counts(r, 3, { 0: 1, 2: 2 }, 4, 1);
      expect(only(r).samples.find((s) => s.lineFailed)).toMatchObject({ prompt: 1, text: null, error: 'rate limited' });
    },
  },
  {
    name: 'error-samples',
    problem: null,
    check: (r) => {
      counts(r, 3, { 2: 3 }, 5, 1);
      expect(only(r).samples.find((s) => s.text === null)!.error).toBe('validation: Input validation error');
    },
  },
  {
    name: 'bom',
    problem: null,
    check: (r) => {
      threeGood(r);
      expect(only(r).prompts[0]!.text).toBe('Question 0?');
    },
  },
  {
    name: 'crlf',
    problem: null,
    check: (r) => {
      threeGood(r);
      expect(texts(r)[0]).toBe('a');
    },
  },
  {
    name: 'invalid-utf8',
    problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /invalid UTF-8/, severity: 'warning' },
    check: (r) => {
      expect(texts(r)).toContain('caf\uFFFD \uFFFD');
      expect(run(r).nResponses).toBe(5);
    },
  },
  { name: 'empty-samples', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 1, message: /empty file/ }, check: (r) => expect(only(r).prompts).toHaveLength(3) },
  {
    name: 'empty-instances',
    problem: { file: 'D/instances/data.jsonl', line: 1, message: /empty file: no prompts/ },
    check: (r) => {
      threeGood(r);
      expect(only(r).prompts).toHaveLength(3);
    },
  },
  { name: 'more-lines', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 4, message: /4 lines but .* 3 prompts/, severity: 'warning' }, check: threeGood },
  { name: 'fewer-lines', problem: { file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2, message: /2 lines but .* 3 prompts.*prompt 3 has no samples/ }, check: (r) => counts(r, 2, { 2: 2 }, 4, 0) },
  {
    name: 'missing-instances',
    problem: { file: 'D/instances/data.jsonl', message: /missing/, severity: 'warning' },
    check: (r) => {
      threeGood(r);
      expect(only(r).prompts.map((p) => p.id)).toEqual(['p0', 'p1', 'p2']);
    },
  },
  {
    name: 'script-text',
    problem: null,
    check: (r) => {
      expect(texts(r).slice(0, 2)).toEqual(['<script>alert("x")</script>', '<img src=x onerror="alert(1)">']);
    },
  },
  {
    name: 'args-only',
    problem: { file: 'D/outputs/llama-2-chat/args.json', message: /args\.json but no samples\.jsonl/, severity: 'warning' },
    check: (r) => {
      threeGood(r);
      expect(only(r).systems.map((s) => s.id)).toEqual(['llama-2-icl']);
    },
  },
  { name: 'args-invalid-json', problem: { file: 'D/outputs/llama-2-icl/args.json', line: 3, message: /not valid JSON/ }, check: threeGood },
  {
    name: 'ds-store',
    problem: null,
    check: threeGood,
  },
  {
    name: 'bertscore-mismatch',
    problem: { file: 'D/bertscore/outputs/llama-2-chat--llama-2-icl.json', message: /differ in length.*recall=2.*kept the first 2/ },
    check: (r) => {
      expect(only(r).bertscore[0]!.rows).toEqual([
        { prompt: 0, refSample: 0, altSample: 0, precision: 0.9, recall: 0.9, f1: 0.9 },
        { prompt: 0, refSample: 0, altSample: 1, precision: 0.8, recall: 0.8, f1: 0.8 },
      ]);
    },
  },
  { name: 'bertscore-truncated', problem: { file: 'D/bertscore/outputs/a--b.json', line: 3, message: /not valid JSON/ }, check: (r) => expect(only(r).bertscore).toEqual([]) },
  {
    name: 'judge-non-json',
    problem: { file: 'D/eval-quality/outputs/llama-2-icl/samples.jsonl', line: 3, message: /not valid JSON.*"oops"/ },
    check: (r) => {
      const j = only(r).judges;
      // 6 lines over 3 prompts: 2 per prompt; the broken line keeps its place with null content.
      expect(j.map((x) => [x.prompt, x.sample, x.content === null])).toEqual([
        [0, 0, false],
        [0, 1, false],
        [1, 0, true],
        [1, 1, false],
        [2, 0, false],
        [2, 1, true],
      ]);
      expect(j[3]!.content).toBe('{"helpfulness": {"score": "5"}}');
    },
  },
  { name: 'judge-uneven', problem: { file: 'D/eval-stance/outputs/llama-2-icl/samples.jsonl', message: /not a whole number of lines per prompt/ }, check: (r) => expect(only(r).judges).toHaveLength(4) },
  { name: 'not-a-dataset', problem: { file: 'not-a-dataset', message: /nothing to import/ }, check: (r) => expect(r.datasets).toEqual([]) },
  {
    name: 'duplicate-instance-ids',
    problem: { file: 'D/instances/data.jsonl', line: 3, message: /duplicate instance id "a" \(first on line 1\)/, severity: 'warning' },
    check: (r) => {
      threeGood(r);
      expect(only(r).prompts.map((p) => p.text)).toEqual(['Q0', 'Q1', 'Q2']);
    },
  },
  {
    name: 'generic-duplicate-ids',
    problem: { file: 'samples.jsonl', line: 3, message: /duplicate sample.*first at samples\.jsonl:1/ },
    check: (r) => {
      expect(texts(r)).toEqual(['a', 'b', 'c']);
    },
  },
  { name: 'generic-bad-sample-index', problem: { file: 'samples.jsonl', line: 1, message: /sample index "first"/ }, check: (r) => expect(texts(r)).toEqual(['b']) },
  { name: 'generic-row-not-object', problem: { file: 'samples.jsonl', line: 2, message: /row is a string/ }, check: (r) => expect(texts(r)).toEqual(['a', 'b']) },
  { name: 'csv-missing-columns', problem: { file: 'samples.csv', line: 1, message: /missing column.*system.*found columns: question, answer/ }, check: (r) => expect(r.datasets).toEqual([]) },
  {
    name: 'csv-ragged',
    problem: { file: 'samples.csv', line: 3, message: /row has 2 fields, header has 3/ },
    check: (r) => {
      expect(texts(r)).toEqual(['a', null, 'c']);
    },
  },
  { name: 'csv-unclosed-quote', problem: { file: 'samples.csv', line: 3, message: /Quoted field unterminated/ }, check: (r) => expect(texts(r)[0]).toBe('a') },
  { name: 'csv-empty', problem: { file: 'samples.csv', line: 1, message: /empty file/ }, check: (r) => expect(r.datasets).toEqual([]) },
  { name: 'json-not-array', problem: { file: 'samples.json', message: /not an array of objects/ }, check: (r) => expect(r.datasets).toEqual([]) },
  { name: 'json-items-not-objects', problem: { file: 'samples.json', message: /item 1 is a number/ }, check: (r) => expect(texts(r)).toEqual(['a']) },
  { name: 'json-invalid', problem: { file: 'samples.json', line: 3, message: /not valid JSON/ }, check: (r) => expect(r.datasets).toEqual([]) },
  {
    name: 'generic-script-text',
    problem: null,
    check: (r) => expect(texts(r)).toEqual(['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']),
  },
];

const matches = (p: ImportProblem, want: NonNullable<Case['problem']>) =>
  p.file.endsWith(want.file) && (want.line === undefined || p.line === want.line) && want.message.test(p.message) && (!want.severity || p.severity === want.severity);

describe('bad-input corpus', () => {
  it('has at least 25 cases', () => expect(cases.length).toBeGreaterThanOrEqual(25));

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const r = await importAny(nodeSource(join(corpus, c.name)));
    if (c.problem === null) expect(r.problems).toEqual([]);
    else {
      const hit = r.problems.find((p) => matches(p, c.problem!));
      expect(hit, `no problem like ${JSON.stringify({ ...c.problem, message: String(c.problem.message) })} in ${JSON.stringify(r.problems, null, 1)}`).toBeDefined();
      // A problem that has a line names it, in the message position every printer uses (file:line).
      if (c.problem.line !== undefined) expect(hit!.line).toBe(c.problem.line);
    }
    c.check(r);
  });

  describe('one 10 MB line (generated, not committed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overton-big-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('imports it whole, beside a bad line', async () => {
      mkdirSync(join(dir, 'D/instances'), { recursive: true });
      mkdirSync(join(dir, 'D/outputs/llama-2-icl'), { recursive: true });
      writeFileSync(join(dir, 'D/instances/data.jsonl'), '{"messages":[{"role":"user","content":"a"}]}\n'.repeat(3));
      const big = 'word '.repeat(2 * 1024 * 1024);
      writeFileSync(
        join(dir, 'D/outputs/llama-2-icl/samples.jsonl'),
        JSON.stringify({ outputs: [{ generated_text: big }] }) + '\n{broken\n' + JSON.stringify({ outputs: [{ generated_text: 'small' }] }) + '\n',
      );
      const r = await importAny(nodeSource(dir));
      expect(r.problems).toEqual([expect.objectContaining({ file: 'D/outputs/llama-2-icl/samples.jsonl', line: 2 })]);
      const ds = only(r);
      expect(ds.samples[0]!.text!.length).toBe(big.length - 1);
      expect(ds.samples[1]).toMatchObject({ prompt: 1, text: null, lineFailed: true });
      expect(ds.samples[2]).toMatchObject({ prompt: 2, text: 'small' });
    });
  });
});
