// Imports the paper's released data (../shared/paper-data) and checks counts and mean words against reference.json.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../node/fs-source';
import type { ImportResult } from '../model/types';
import { importPaperData } from './paper-layout';
import { summarizeRuns } from './summary';
import { wordCount } from '../metrics/format';
import { PAPER_REFERENCE, paperDataDir } from '../../node/paper-data';

const dataDir = paperDataDir();
const reference = JSON.parse(readFileSync(PAPER_REFERENCE, 'utf8')) as {
  outputs: { dataset: string; split: string; model: string; n_prompts: number; samples_per_prompt: Record<string, number>; n_responses: number; n_errors: number; mean_words: number }[];
  summaries: { dataset: string; split: string; source_model: string; rows: number; mean_words: number }[];
  judge: { dataset: string; kind: string; name: string; rows: number }[];
  bertscore: { dataset: string; pair: string; rows: number }[];
};

let result: ImportResult;
beforeAll(async () => {
  result = await importPaperData(nodeSource(dataDir));
});

const ds = (name: string) => {
  const d = result.datasets.find((x) => x.id === name);
  if (!d) throw new Error(`dataset ${name} not imported`);
  return d;
};

describe('paper-data import matches reference.json', () => {
  it('finds both datasets and no errors (only warnings for args-only folders)', () => {
    expect(result.datasets.map((d) => d.id).sort()).toEqual(['ConflictingQA', 'LIMA-OE']);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    for (const p of result.problems) expect(p.message).toMatch(/args\.json but no samples\.jsonl/);
    expect(ds('LIMA-OE').prompts).toHaveLength(50);
    expect(ds('ConflictingQA').prompts).toHaveLength(434);
  });

  it('outputs rows: n_prompts, samples_per_prompt, n_responses, n_errors, mean_words', () => {
    const runs = new Map(result.datasets.flatMap((d) => summarizeRuns(d)).map((r) => [`${r.dataset}/${r.split}/${r.system}`, r]));
    expect(runs.size).toBe(reference.outputs.length);
    for (const ref of reference.outputs) {
      const key = `${ref.dataset}/${ref.split}/${ref.model}`;
      const got = runs.get(key);
      expect(got, key).toBeDefined();
      expect({ key, n: got!.nPrompts, h: got!.samplesPerPrompt, r: got!.nResponses, e: got!.nErrors }).toEqual({
        key,
        n: ref.n_prompts,
        h: ref.samples_per_prompt,
        r: ref.n_responses,
        e: ref.n_errors,
      });
      const texts = ds(ref.dataset).samples.filter((s) => s.split === ref.split && s.system === ref.model && s.text !== null);
      const mean = texts.reduce((a, s) => a + wordCount(s.text!), 0) / texts.length;
      expect(Math.abs(mean - ref.mean_words), `${key} mean_words ${mean} vs ${ref.mean_words}`).toBeLessThan(1e-4);
    }
  });

  it('summaries rows: rows and mean_words', () => {
    for (const ref of reference.summaries) {
      const got = ds(ref.dataset).summaries.filter((s) => s.split === ref.split && s.source === ref.source_model);
      expect(got.length, `${ref.dataset} ${ref.split} ${ref.source_model}`).toBe(ref.rows);
      const mean = got.reduce((a, s) => a + (s.text ? wordCount(s.text) : 0), 0) / got.length;
      expect(Math.abs(mean - ref.mean_words)).toBeLessThan(1e-4);
    }
  });

  it('judge rows: one record per line, prompt/sample from samples per prompt', () => {
    for (const ref of reference.judge) {
      const d = ds(ref.dataset);
      const got = d.judges.filter((j) => j.kind === ref.kind && j.name === ref.name);
      expect(got.length, `${ref.dataset} ${ref.kind} ${ref.name}`).toBe(ref.rows);
      const spp = ref.rows / d.prompts.length;
      const last = got[got.length - 1]!;
      expect(last.prompt).toBe(d.prompts.length - 1);
      expect(last.sample).toBe(spp - 1);
    }
  });

  it('bertscore rows', () => {
    for (const ref of reference.bertscore) {
      const got = ds(ref.dataset).bertscore.find((b) => b.pair === ref.pair);
      expect(got?.rows.length, `${ref.dataset} ${ref.pair}`).toBe(ref.rows);
    }
  });
});
