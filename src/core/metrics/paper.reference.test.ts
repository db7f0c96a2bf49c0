// Recomputes every figure of ../shared/paper-reference/reference.json from ../shared/paper-data with the project's
// importer and metric code; numbers must match to 1e-4, counts, histograms and hashcodes exactly.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeSource } from '../../node/fs-source';
import { importPaperData } from '../io/paper-layout';
import type { Dataset } from '../model/types';
import { bertscoreTable } from './bertscore';
import { judgeTable } from './judges';
import { outputsTable, sample0Table } from './outputs';
import { summaryTable } from './summaries';
import { PAPER_REFERENCE, paperDataDir } from '../../node/paper-data';

type Row = Record<string, unknown>;
const reference = JSON.parse(readFileSync(PAPER_REFERENCE, 'utf8')) as Record<
  'outputs' | 'sample0' | 'judge' | 'bertscore' | 'summaries',
  Row[]
>;

/** Fields that are counts: compared exactly. Every other number is compared to 1e-4. */
const EXACT = new Set(['n_prompts', 'n_responses', 'n_errors', 'n_valid', 'rows', 'rows_used', 'parse_failures', 'unparsed', 'samples_per_prompt']);
const TOL = 1e-4 + 1e-9;

/** Compares every field of `ref` except `skip`; returns one message per mismatch, naming row and field. */
function diff(rowName: string, ref: Row, got: Row | undefined, skip: readonly string[]): string[] {
  if (!got) return [`${rowName}: no row computed`];
  const out: string[] = [];
  for (const [field, want] of Object.entries(ref)) {
    if (skip.includes(field)) continue;
    const have = got[field];
    const ok =
      typeof want === 'number' && !EXACT.has(field)
        ? typeof have === 'number' && Math.abs(have - want) <= TOL
        : JSON.stringify(have) === JSON.stringify(want);
    if (!ok) out.push(`${rowName} · ${field}: expected ${JSON.stringify(want)}, computed ${JSON.stringify(have)}`);
  }
  return out;
}

let datasets: Dataset[];
const ds = (id: string) => datasets.find((d) => d.id === id)!;
const tally = { rows: 0, matched: 0 };

beforeAll(async () => {
  const res = await importPaperData(nodeSource(paperDataDir()));
  datasets = res.datasets;
});

/** Checks one reference section: every row must find its computed twin and match field by field. */
function check(section: keyof typeof reference, key: (r: Row) => string, computed: () => Map<string, Row>, skip: string[]) {
  const rows = reference[section];
  it(`${section}: all ${rows.length} rows match`, () => {
    const got = computed();
    const problems: string[] = [];
    for (const r of rows) {
      const msgs = diff(`${section} ${key(r)}`, r, got.get(key(r)), skip);
      tally.rows++;
      if (msgs.length === 0) tally.matched++;
      problems.push(...msgs);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

describe('reference.json recomputed from the paper data', () => {
  check(
    'outputs',
    (r) => `${r.dataset}/${r.split}/${r.model}`,
    () => new Map(datasets.flatMap((d) => outputsTable(d)).map((r) => [`${r.dataset}/${r.split}/${r.system}`, { ...r, model: r.system } as Row])),
    ['dataset', 'split', 'model', 'status'],
  );
  check(
    'sample0',
    (r) => `${r.dataset}/${r.model}`,
    () =>
      new Map(
        datasets
          .flatMap((d) => sample0Table(d))
          .filter((r) => r.split === 'outputs')
          .map((r) => [`${r.dataset}/${r.system}`, r as unknown as Row]),
      ),
    ['dataset', 'model', 'source', 'status'],
  );
  check(
    'judge',
    (r) => `${r.dataset}/${r.kind}/${r.name}`,
    () => new Map(datasets.flatMap((d) => judgeTable(d)).map((r) => [`${r.dataset}/${r.kind}/${r.name}`, r as unknown as Row])),
    ['dataset', 'kind', 'name', 'status'],
  );
  check(
    'bertscore',
    (r) => `${r.dataset}/${r.pair}`,
    () => new Map(datasets.flatMap((d) => bertscoreTable(d)).map((r) => [`${r.dataset}/${r.pair}`, r as unknown as Row])),
    ['dataset', 'pair', 'status'],
  );
  check(
    'summaries',
    (r) => `${r.dataset}/${r.split}/${r.source_model}`,
    () =>
      new Map(
        datasets
          .flatMap((d) => summaryTable(d))
          .map((r) => [`${r.dataset}/${r.split}/${r.source}`, { ...r, source_model: r.source } as Row]),
      ),
    ['dataset', 'split', 'source_model', 'status'],
  );

  it('covers every reference row', () => {
    const total = Object.values(reference).reduce((s, rows) => s + rows.length, 0);
    console.log(`reference rows matched: ${tally.matched}/${total}`);
    expect(tally.rows).toBe(total);
    expect(tally.matched).toBe(total);
    expect(ds('LIMA-OE')).toBeDefined();
  });
});
