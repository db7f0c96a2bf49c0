// The Overview row model: joining judge rows, grouping by kind, sorting with empty values last, hiding empty columns.
import { describe, expect, it } from 'vitest';
import { outputsRow } from '../../core/metrics/outputs';
import { stanceRow } from '../../core/metrics/judges';
import { describeSystem } from '../../core/model/system';
import { makeSample } from '../../core/model/builders';
import { groupAndSort, overviewRows, visibleColumns } from './overview-columns';

const row = (system: string, texts: string[]) =>
  outputsRow({ dataset: 'D', split: 'outputs', system }, texts.map((text, index) => makeSample({ system, index, text })));

describe('overview rows', () => {
  const outputs = [row('llama-2-chat', ['a b', 'a c']), row('llama-2-base', ['x', 'y z w']), row('llama-2-icl', ['q'])];
  const judges = [stanceRow('D', 'llama-2-base', [{ kind: 'eval-stance', name: 'llama-2-base', prompt: 0, sample: 0, line: 0, content: '{"stance":"both"}' }])];
  const systems = ['llama-2-chat', 'llama-2-base', 'llama-2-icl'].map((h) => describeSystem(h));
  const rows = overviewRows(outputs, judges, systems, 'outputs');

  it('joins judge figures by system name', () => {
    expect(rows.find((r) => r.system === 'llama-2-base')!.values.frac_prompts_any_both).toBe(1);
    expect(rows.find((r) => r.system === 'llama-2-chat')!.values.frac_prompts_any_both).toBeNull();
  });
  it('groups by kind and sorts within groups, empty last', () => {
    const groups = groupAndSort(rows, { key: 'jaccard_all', desc: true });
    expect(groups.map((g) => g.kind)).toEqual(['base', 'aligned', 'icl']);
    expect(groupAndSort(rows, { key: 'mean_words', desc: false }).flatMap((g) => g.rows.map((r) => r.system))).toEqual(['llama-2-base', 'llama-2-chat', 'llama-2-icl']);
  });
  it('hides columns without any value', () => {
    const keys = visibleColumns(rows).map((c) => c.key);
    expect(keys).toContain('frac_prompts_any_both');
    expect(keys).not.toContain('avg5_all');
  });
});
