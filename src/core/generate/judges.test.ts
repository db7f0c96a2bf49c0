// Judges through a chat endpoint (the test server) give records and file lines that read like the paper's judge files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmServer, type LlmServer } from '../../../e2e/llm-server/server';
import { firstContent } from '../io/records';
import { missingRow, qualityRow, qualityScores, stanceOf, stanceRow } from '../metrics/judges';
import type { FetchLike } from './fetch-types';
import type { Endpoint } from './endpoint';
import { importAny } from '../io/detect';
import { memorySource } from '../io/file-source';
import { judgeContent, judgeFilePath, judgeItems, judgeMessages, parseJudgeReply, runJudge, type JudgeItem } from './judges';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer();
});
afterAll(() => server.close());

const fetch = globalThis.fetch as unknown as FetchLike;
const chat = (headers?: Record<string, string>): Endpoint => ({ server: 'vllm', baseUrl: server.url, model: 'overton-test-chat', role: 'aligned', ...(headers ? { headers } : {}) });
const items: JudgeItem[] = [0, 1].flatMap((prompt) => [0, 1, 2].map((sample) => ({ prompt, sample, query: `Is question ${prompt} settled?`, output: `Answer ${sample}: it depends.`, reference: 'A reference answer.' })));

describe('runJudge', () => {
  it('quality: five aspect scores per sample, aggregated by the same code as imported files', async () => {
    const r = await runJudge('eval-quality', 'my-system', items, chat(), { fetch, concurrency: 3 });
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.prompt, x.sample, x.line])).toEqual(items.map((it, i) => [it.prompt, it.sample, i]));
    expect(r.records.every((x) => x.kind === 'eval-quality' && x.system === 'my-system')).toBe(true);
    for (const rec of r.records) expect(Object.values(qualityScores(rec.content)!).every((v) => v !== null && v >= 1 && v <= 5)).toBe(true);
    const row = qualityRow('D', 'my-system', r.records);
    expect(row).toMatchObject({ rows: 6, samples_per_prompt: 3, parse_failures: 0 });
    // The file lines carry the same content the records do, in the paper's OpenAI record shape.
    expect(r.lines.map((l) => firstContent(JSON.parse(l)).content)).toEqual(r.records.map((x) => x.content));
  });

  it('stance and missing information', async () => {
    const s = await runJudge('eval-stance', 'sys', items, chat(), { fetch });
    expect(s.records.every((x) => stanceOf(x.content) !== null)).toBe(true);
    expect(stanceRow('D', 'sys', s.records).unparsed).toBe(0);
    const m = await runJudge('eval-missing', 'ref_a--alt_b', items, chat(), { fetch });
    expect(m.records.every((x) => x.system === undefined)).toBe(true);
    expect(missingRow('D', 'ref_a--alt_b', m.records)).toMatchObject({ parse_failures: 0, rows: 6 });
    expect(() => judgeMessages('eval-missing', { prompt: 0, sample: 0, query: 'q', output: 'o' })).toThrow(/reference/);
  });

  it('a failing endpoint gives ok:false lines and null content, never a rejection', async () => {
    const r = await runJudge('eval-quality', 's', items.slice(0, 2), chat({ 'x-fail': '500' }), { fetch, retry: { retries: 0 } });
    expect(r.errors).toHaveLength(2);
    expect(r.records.every((x) => x.content === null)).toBe(true);
    expect(JSON.parse(r.lines[0]!)).toMatchObject({ ok: false, error_type: 'http' });
    expect(qualityRow('D', 's', r.records).parse_failures).toBe(2);
    await expect(runJudge('eval-quality', 's', items, { ...chat(), role: 'base' }, { fetch })).rejects.toThrow(/aligned/);
  });
});

describe('judging a dataset system and reading the file back', () => {
  it('one line per sample slot (failed samples skipped, not sent), which the importer attaches to the same samples', async () => {
    const tgi = (texts: (string | null)[]) => JSON.stringify({ prompt: 'p', outputs: texts.map((t) => (t === null ? { error: 'boom', error_type: 'x' } : { generated_text: t })) });
    const files: Record<string, string> = {
      'D/instances/data.jsonl': ['Is tea good?', 'Is rain wet?'].map((q) => JSON.stringify({ messages: [{ role: 'user', content: q }] })).join('\n') + '\n',
      'D/outputs/sys-chat/samples.jsonl': [tgi(['Yes.', null]), tgi(['No.', 'Both.'])].join('\n') + '\n',
      'D/outputs/ref-chat/samples.jsonl': [tgi(['Ref one.', 'x']), tgi([null, 'y'])].join('\n') + '\n',
    };
    const ds = (await importAny(memorySource(files))).datasets[0]!;
    const q = judgeItems(ds, 'sys-chat', 'eval-quality');
    expect(q.items.map((i) => [i.prompt, i.sample, i.output])).toEqual([[0, 0, 'Yes.'], [0, 1, null], [1, 0, 'No.'], [1, 1, 'Both.']]);
    const m = judgeItems(ds, 'sys-chat', 'eval-missing', { reference: 'ref-chat' });
    expect(m.name).toBe('ref_ref-chat--alt_sys-chat');
    expect(m.items.map((i) => i.reference ?? null)).toEqual(['Ref one.', 'Ref one.', null, null]);

    const log = server.requests.length;
    const r = await runJudge('eval-quality', q.name, q.items, chat(), { fetch });
    expect(server.requests.length - log).toBe(3);
    expect(JSON.parse(r.lines[1]!)).toMatchObject({ ok: false, error_type: 'skipped' });
    const back = await importAny(memorySource({ ...files, [judgeFilePath('D', 'eval-quality', q.name)]: r.lines.join('\n') + '\n' }));
    const judges = back.datasets[0]!.judges.map(({ kind, name, system, prompt, sample, line, content }) => ({ kind, name, system, prompt, sample, line, content }));
    expect(judges).toEqual(r.records.map(({ kind, name, system, prompt, sample, line, content }) => ({ kind, name, system, prompt, sample, line, content })));
    const mr = await runJudge('eval-missing', m.name, m.items, chat(), { fetch });
    expect(mr.records.map((x) => x.content !== null)).toEqual([true, false, false, false]);
  });
});

describe('parseJudgeReply', () => {
  it('reads fenced, chatty and trailing-comma JSON; gives up on prose', () => {
    expect(parseJudgeReply('{"stance": "yes"}')).toEqual({ stance: 'yes' });
    expect(parseJudgeReply('Sure! Here it is:\n```json\n{"reason": "a {brace} inside", "stance": "no",}\n```\nThanks')).toEqual({ reason: 'a {brace} inside', stance: 'no' });
    expect(parseJudgeReply('{"broken": } then {"score": "4"}')).toEqual({ score: '4' });
    expect(parseJudgeReply('I think the answer is yes.')).toBeUndefined();
    expect(parseJudgeReply('[1, 2]')).toBeUndefined();
    expect(judgeContent('no json here')).toBe('no json here');
    expect(stanceOf(judgeContent('```\n{"reason": "r", "stance": " Both "}\n```'))).toBe('both');
  });

  it('the rubrics ask for the keys the paper files use', () => {
    const q = judgeMessages('eval-quality', items[0]!)[1]!.content;
    for (const k of ['"helpfulness"', '"clarity"', '"factuality"', '"depth"', '"engagement"', '"score"', '"reason"']) expect(q).toContain(k);
    expect(judgeMessages('eval-stance', items[0]!)[1]!.content).toContain('"stance"');
    expect(judgeMessages('eval-missing', items[0]!)[1]!.content).toContain('## Reference response\nA reference answer.');
  });
});
