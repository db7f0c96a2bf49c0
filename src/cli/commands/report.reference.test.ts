// `report` over the paper data: one import whose --json equals what `metrics --json` and `judges --json` print, and
// whose --csv/--latex/--out write one table per file.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { paperDataDir } from '../../node/paper-data';
import type { Output } from '../args';
import { runJudges } from './judges';
import { runMetrics } from './metrics';
import { runReport, type ReportJson } from './report';

const data = paperDataDir();

async function run(fn: (argv: string[], io: Output) => Promise<number>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await fn(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('report --json over the paper data', () => {
  let report: ReportJson;
  beforeAll(async () => {
    const r = await run(runReport, [data, '--json']);
    expect(r.code).toBe(0);
    report = JSON.parse(r.out) as ReportJson;
  });

  it('has outputs equal to `metrics --json` and judges equal to `judges --json`', async () => {
    const metrics = await run(runMetrics, [data, '--json']);
    const judges = await run(runJudges, [data, '--json']);
    expect(report.outputs).toEqual(JSON.parse(metrics.out));
    expect(report.judges).toEqual(JSON.parse(judges.out));
    expect(report.outputs.length).toBe(46);
    expect(report.judges.filter((j) => j.kind === 'bertscore').length).toBe(24);
  });

  it('has the first-sample and summaries tables of both datasets', () => {
    // One first-sample row per dataset × split × system, as the outputs table.
    expect(report.sample0.map((r) => [r.dataset, r.split, r.system])).toEqual(report.outputs.map((r) => [r.dataset, r.split, r.system]));
    expect(report.summaries.length).toBe(12);
    expect(new Set(report.summaries.map((s) => s.dataset))).toEqual(new Set(['LIMA-OE', 'ConflictingQA']));
  });

  it('honours --digits and --tokenizer like metrics does', async () => {
    const a = JSON.parse((await run(runReport, [data, '--dataset', 'LIMA-OE', '--json', '--digits', '2', '--tokenizer', 'treebank'])).out) as ReportJson;
    const b = JSON.parse((await run(runMetrics, [data, '--dataset', 'LIMA-OE', '--json', '--digits', '2', '--tokenizer', 'treebank'])).out) as unknown;
    expect(a.outputs).toEqual(b);
  });
});

describe('report of one file', () => {
  it('reads a single table file given instead of a folder', async () => {
    const r = await run(runReport, ['test/fixtures/inspect/generic/runs.csv', '--json']);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as ReportJson).outputs.length).toBeGreaterThan(0);
  });
});

describe('report --out', () => {
  it('writes one CSV per table that parses back to the JSON numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overton-report-'));
    const r = await run(runReport, [data, '--dataset', 'LIMA-OE', '--csv', '--out', dir]);
    expect(r.code).toBe(0);
    const files = readdirSync(dir).sort();
    // LIMA-OE has no stance judge (ConflictingQA's), so that table is left out rather than written empty.
    expect(files).toEqual(['bertscore.csv', 'judges-eval-missing.csv', 'judges-eval-quality.csv', 'judges-extract-topics.csv', 'outputs.csv', 'sample0.csv', 'summaries.csv']);
    expect(r.out.split('\n')).toHaveLength(files.length);
    const json = JSON.parse((await run(runReport, [data, '--dataset', 'LIMA-OE', '--json'])).out) as ReportJson;
    const csv = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'outputs.csv'), 'utf8').trim(), { header: true }).data;
    expect(csv.map((row) => [row.system, row.split, row.jaccard_all === '' ? null : Number(row.jaccard_all)])).toEqual(json.outputs.map((o) => [o.system, o.split, o.jaccard_all]));
    expect(JSON.parse(csv[0]!.samples_per_prompt!)).toEqual(json.outputs[0]!.samples_per_prompt);
  });

  it('writes booktabs LaTeX tables with the chosen precision', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overton-report-'));
    expect((await run(runReport, [data, '--dataset', 'LIMA-OE', '--latex', '--digits', '2', '--out', dir])).code).toBe(0);
    const tex = readFileSync(join(dir, 'outputs.tex'), 'utf8');
    expect(tex).toMatch(/^% Per system/);
    expect(tex).toContain('\\toprule');
    expect(tex).toMatch(/gpt-3\.5-turbo & 50 & 5\$\\times\$50 & 250 & 0 & 303\.80 /);
  });

  it('rejects two formats and a missing folder as usage errors', async () => {
    expect((await run(runReport, [data, '--csv', '--latex'])).code).toBe(2);
    expect((await run(runReport, [])).code).toBe(2);
  });
});
