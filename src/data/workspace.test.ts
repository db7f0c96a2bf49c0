// The workspace store (fake-indexeddb): same source replaces, same folder gets a distinct name, system kinds persist.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { makeDataset, makeSample } from '../core/model/builders';
import { distinctName, listDatasets, loadDataset, saveDataset, setSystemOverrides } from './workspace';

const ds = (text: string) => makeDataset({ samples: [makeSample({ system: 'alpha', text }), makeSample({ system: 'beta', text: `${text}!` })] });

describe('workspace', () => {
  it('names a second copy distinctly and replaces one from the same source in place, keeping the user system kinds', async () => {
    const a = await saveDataset(ds('one'), 'my-folder');
    const b = await saveDataset(ds('one'), 'my-folder');
    expect([a.name, b.name]).toEqual([a.name, `${a.name} (2)`]);
    expect(b.key).not.toBe(a.key);

    const u1 = await saveDataset(ds('v1'), 'http://h/data/', { replaceSameSource: true });
    const kinds = await setSystemOverrides(u1.key, { alpha: { kind: 'base' }, beta: { kind: 'icl', teacher: 'alpha' } });
    expect(kinds.systems.map((s) => [s.id, s.kind, s.teacherSystem])).toEqual([['alpha', 'base', undefined], ['beta', 'icl', 'alpha']]);
    expect(kinds.contentHash).toMatch(/^[0-9a-f]{64}\+[0-9a-f]{16}$/);
    expect((await loadDataset(u1.key)).systems.find((s) => s.id === 'beta')?.kind).toBe('icl');

    const u2 = await saveDataset(ds('v2'), 'http://h/data/', { replaceSameSource: true });
    expect(u2).toMatchObject({ key: u1.key, name: u1.name, replaced: true });
    expect(u2.systems.map((s) => s.kind)).toEqual(['base', 'icl']);
    expect((await loadDataset(u1.key)).samples.map((s) => s.text)).toEqual(['v2', 'v2!']);
    expect((await listDatasets()).filter((m) => m.source === 'http://h/data/')).toHaveLength(1);

    const reset = await setSystemOverrides(u1.key, {});
    expect(reset.systems.map((s) => s.kind)).toEqual(['other', 'other']);
    expect(reset.contentHash).not.toContain('+');
  });
  it('distinctName counts up past taken names', () => {
    expect(distinctName('X', new Set())).toBe('X');
    expect(distinctName('X', new Set(['X', 'X (2)']))).toBe('X (3)');
  });
});
