// report's work plan: which files make a unit, and that the merged tables and problems do not depend on the order
// units are claimed in (lanes race for them) nor on how a dataset was cut.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAny } from '../core/io/detect';
import { nodeSource } from '../node/fs-source';
import { Measurer } from '../workers/services/measurer';
import { collectUnits, planWork, runLane, type LaneJob, type UnitResult, type WorkPlan } from './report-lanes';

const fixtures = join(import.meta.dirname, '../../test/fixtures');

/** Runs every unit of `plan` in one lane, claiming them in `claimOrder`, and collects the result. */
async function runAll(folder: string, plan: WorkPlan) {
  const job: LaneJob = { folder, plan, counter: new SharedArrayBuffer(4), tokenizer: 'regex' };
  const { units } = await runLane(job);
  return { units, collected: collectUnits(plan, units) };
}

describe('planWork', () => {
  it('cuts a dataset into runs, judge folders and files, each with the instances file', () => {
    const paths = [
      'D/instances/data.jsonl',
      'D/instances/other/data.jsonl',
      'D/outputs/a/args.json',
      'D/outputs/a/samples.jsonl',
      'D/outputs-temp0/a/samples.jsonl',
      'D/eval-quality/outputs/a/args.json',
      'D/eval-quality/outputs/a/samples.jsonl',
      'D/eval-quality/instances/a/data.jsonl',
      'D/bertscore/outputs/a--b.json',
      'D/bertscore/inputs/a--b.json',
      'D/summaries-outputs/outputs/t/samples.jsonl',
      'README.md',
      'loose.csv',
    ];
    const plan = planWork(paths, 'root', () => 1);
    expect(plan.units.map((u) => u.paths)).toEqual([
      ['D/outputs/a/args.json', 'D/outputs/a/samples.jsonl'],
      ['D/outputs-temp0/a/samples.jsonl'],
      ['D/bertscore/outputs/a--b.json'],
      ['D/summaries-outputs/outputs/t/samples.jsonl'],
      ['D/eval-quality/outputs/a/args.json', 'D/eval-quality/outputs/a/samples.jsonl'],
      ['loose.csv'],
    ]);
    expect(plan.units.slice(0, 5).every((u) => u.shared.join() === 'D/instances/data.jsonl')).toBe(true);
    expect(plan.units.map((u) => u.reportsShared)).toEqual([true, false, false, false, false, true]);
    // Largest estimated cost first: samples weigh more per byte than judge lines, BERTScore least.
    expect(plan.claimOrder[0]).toBe(0);
    expect(plan.claimOrder.indexOf(2)).toBe(plan.claimOrder.length - 1);
  });

  it('bundles small neighbouring parts of a dataset into one unit, never a large one', () => {
    const systems = Array.from({ length: 40 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const paths = ['D/instances/data.jsonl', ...systems.map((s) => `D/outputs/${s}/samples.jsonl`)];
    // s00 is large; the rest are small: they share units, in order, each unit at most 1/32 of the whole.
    const plan = planWork(paths, 'r', (p) => (p.includes('/s00/') ? 1000 : 1));
    expect(plan.units[0]!.paths).toEqual(['D/outputs/s00/samples.jsonl']);
    expect(plan.units.length).toBeLessThan(systems.length);
    expect(plan.units.flatMap((u) => u.paths)).toEqual(paths.slice(1));
    expect(plan.units.map((u) => u.reportsShared)).toEqual(plan.units.map((_, i) => i === 0));
  });

  it('keeps a dataset without instances file whole, and honours --dataset', () => {
    const paths = ['A/outputs/x/samples.jsonl', 'A/eval-quality/outputs/x/samples.jsonl', 'B/instances/data.jsonl', 'B/outputs/y/samples.jsonl'];
    expect(planWork(paths, 'r', () => 1).units.map((u) => u.paths)).toEqual([['A/outputs/x/samples.jsonl', 'A/eval-quality/outputs/x/samples.jsonl'], ['B/outputs/y/samples.jsonl']]);
    expect(planWork(paths, 'r', () => 1, 'B').units.map((u) => [u.group, u.paths])).toEqual([[0, ['B/outputs/y/samples.jsonl']]]);
    // Nothing importable: one unit of everything, so the importer says why.
    expect(planWork(['notes.txt'], 'r', () => 1).units.map((u) => u.paths)).toEqual([['notes.txt']]);
  });
});

/** A folder whose instances file has a bad line and two runs (two units reading it). */
function sharedProblemFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'overton-lanes-'));
  const files: Record<string, string> = {
    'D/instances/data.jsonl': '{"messages": [{"role": "user", "content": "q1"}]}\nnot json\n',
    'D/outputs/a/samples.jsonl': '{"outputs": [{"generated_text": "one two"}, {"generated_text": "two three"}]}\n{"outputs": []}\n',
    'D/outputs/b/samples.jsonl': '{"outputs": [{"generated_text": "x"}]}\n{"outputs": [{"generated_text": "y z"}]}\n',
  };
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return dir;
}

describe('running the units', () => {
  for (const name of ['bad-input', 'inspect', 'judge-bad-lines', 'shared-problem']) {
    it(`gives one whole import's tables and problems, in any claim order (${name})`, async () => {
      const folder = name === 'shared-problem' ? sharedProblemFolder() : join(fixtures, name);
      const paths = await nodeSource(folder).list();
      const plan = planWork(paths, folder, (p) => statSync(join(folder, p)).size);
      const a = await runAll(folder, plan);
      const b = await runAll(folder, { ...plan, claimOrder: [...plan.claimOrder].reverse() });
      const strip = (u: UnitResult[]) => u.map((r) => ({ ...r, importMs: 0, measureMs: 0 })).sort((x, y) => x.unit - y.unit);
      expect(strip(b.units)).toEqual(strip(a.units));
      expect(b.collected).toEqual(a.collected);
      // Every unit ran once; a shared instances file's problems are reported once.
      expect(a.units.map((u) => u.unit).sort((x, y) => x - y)).toEqual(plan.units.map((_, i) => i));
      const whole = await importAny(nodeSource(folder));
      expect(a.collected.problems).toEqual(whole.problems);
      const m = new Measurer();
      expect(a.collected.datasets).toEqual(
        whole.datasets.map((ds) => {
          const { outputs, sample0, judges, bertscore, summaries } = m.measure(ds);
          return { id: ds.id, tables: { outputs, sample0, judges, bertscore, summaries } };
        }),
      );
      if (name === 'shared-problem') expect(a.collected.problems.filter((p) => p.file.endsWith('instances/data.jsonl'))).toHaveLength(1);
    });
  }
});
