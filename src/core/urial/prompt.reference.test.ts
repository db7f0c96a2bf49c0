// Every rendered prompt in the paper's samples.jsonl files parses into parts and renders back byte-identical.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrompt, renderPrompt, type ParsedPrompt } from './prompt';
import { paperDataDir } from '../../node/paper-data';

const data = paperDataDir();

/** Every `<dataset>/<split>/<system>/samples.jsonl` whose records carry a `prompt`. */
function promptFiles(): { dataset: string; split: string; system: string; prompts: string[] }[] {
  const out: { dataset: string; split: string; system: string; prompts: string[] }[] = [];
  if (!existsSync(data)) return out;
  for (const dataset of readdirSync(data)) {
    const dsDir = join(data, dataset);
    if (!existsSync(join(dsDir, 'instances'))) continue;
    for (const split of readdirSync(dsDir).filter((s) => /^outputs/.test(s))) {
      for (const system of readdirSync(join(dsDir, split))) {
        const f = join(dsDir, split, system, 'samples.jsonl');
        if (!existsSync(f)) continue;
        const lines = readFileSync(f, 'utf8').split('\n').filter(Boolean);
        const first = JSON.parse(lines[0]!) as { prompt?: unknown };
        if (typeof first.prompt !== 'string') continue;
        out.push({ dataset, split, system, prompts: lines.map((l) => (JSON.parse(l) as { prompt: string }).prompt) });
      }
    }
  }
  return out;
}

const files = promptFiles();

describe.skipIf(files.length === 0)('URIAL parser on the paper data', () => {
  it('finds the prompt-carrying systems of both datasets', () => {
    expect(files.length).toBe(40);
    expect(new Set(files.map((f) => f.dataset))).toEqual(new Set(['LIMA-OE', 'ConflictingQA']));
    expect(files.reduce((n, f) => n + f.prompts.length, 0)).toBe(6608);
  });

  it.each(files.map((f) => [`${f.dataset}/${f.split}/${f.system}`, f] as const))('%s: every prompt round-trips byte-identical', (_name, f) => {
    const parsed: ParsedPrompt[] = [];
    for (const [i, text] of f.prompts.entries()) {
      const r = parsePrompt(text);
      if (!r.ok) throw new Error(`prompt ${i}: ${r.error}`);
      expect(renderPrompt(r.prompt)).toBe(text);
      parsed.push(r.prompt);
    }
    const shapes = new Set(parsed.map(shape));
    expect(shapes.size).toBe(1);
    expect([...shapes][0]).toBe(expectedShape(f.system));
  });

  it('the parts are the paper inputs: the test query is the instance text, the hint its teacher summary', () => {
    for (const f of files) {
      const instances = readFileSync(join(data, f.dataset, 'instances', 'data.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { messages: { content: string }[] }).messages[0]!.content.trim());
      f.prompts.forEach((t, i) => {
        const r = parsePrompt(t);
        expect(r.ok && r.prompt.query).toBe(instances[i]);
      });
    }
    const sum = files.find((f) => f.dataset === 'LIMA-OE' && f.split === 'outputs' && f.system === 'llama-2-icl-chat-summary')!;
    const summaries = readFileSync(join(data, 'LIMA-OE/summaries-outputs/outputs/llama-2-chat/samples.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { outputs: { message: { content: string } }[] }).outputs[0]!.message.content.trim());
    sum.prompts.forEach((t, i) => {
      const r = parsePrompt(t);
      expect(r.ok && r.prompt.format === 'urial' && r.prompt.hint).toBe(summaries[i]);
    });
  });
});

/** A compact description: format, preamble?, example count, summaries in examples?, hint?, open block. */
function shape(p: ParsedPrompt): string {
  if (p.format === 'llama-2-chat') return `chat${p.system !== null ? '+sys' : ''}`;
  const sums = p.examples.filter((e) => e.summary !== undefined).length;
  return `${p.preamble !== null ? 'pre' : 'nopre'} k=${p.examples.length}${sums ? ' sums' : ''}${p.hint !== null ? ' hint' : ''} open=${p.open}`;
}

/** What each paper system's prompts look like, from its handle. */
function expectedShape(system: string): string {
  if (system === 'llama-2-chat') return 'chat';
  if (system === 'llama-2-base') return 'nopre k=0 open=answer';
  if (system.endsWith('-summary-cot')) return 'pre k=3 sums open=summary';
  if (system.endsWith('-summary')) return 'pre k=3 sums hint open=answer';
  if (system.includes('-5nn-')) return 'pre k=5 open=answer';
  return 'pre k=3 open=answer';
}
