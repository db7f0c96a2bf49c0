// VectorStore / VectorTable: chunked appends keep earlier rows in place, the row index matches the rows, gather copies, LRU eviction past the budget.
import { describe, expect, it } from 'vitest';
import { rowRef } from '../../core/embed/row-index';
import { CHUNK_ROWS, VectorStore, VectorTable, type TableKey } from './vector-store';

const key = (model: string, split = 'outputs'): TableKey => ({ dataset: 'd', contentHash: 'h', split, model });
const vec = (dim: number, seed: number) => Float32Array.from({ length: dim }, (_, d) => seed + d / 10);

describe('VectorTable', () => {
  it('appends across chunk boundaries without moving earlier rows, and keeps the row index in step', () => {
    const t = new VectorTable(key('m'));
    const first = Array.from({ length: CHUNK_ROWS - 1 }, (_, i) => ({ ref: { system: i % 2 ? 'b' : 'a', prompt: i, index: 0 }, vector: vec(4, i) }));
    expect(t.upsert(first)).toBe(CHUNK_ROWS - 1);
    const view = t.vector(5);
    const buffer = view.buffer;
    const more = Array.from({ length: 3 }, (_, i) => ({ ref: { system: 'c', prompt: 5000 + i, index: 2 }, vector: vec(4, 9000 + i) }));
    expect(t.upsert(more)).toBe(3);
    expect(t.n).toBe(CHUNK_ROWS + 2);
    expect(t.vector(5).buffer).toBe(buffer);
    expect([...t.vector(CHUNK_ROWS + 1)]).toEqual([...vec(4, 9002)]);
    expect(rowRef(t.rows, CHUNK_ROWS + 1)).toEqual({ system: 'c', prompt: 5002, index: 2 });
    expect(t.rows.systems).toEqual(['a', 'b', 'c']);
    expect(t.rowOf({ system: 'b', prompt: 3, index: 0 })).toBe(3);
    expect(t.bytes).toBe(2 * CHUNK_ROWS * 4 * 4);
  });

  it('overwrites a known sample in place and gathers rows in the order asked', () => {
    const t = new VectorTable(key('m'));
    t.upsert([{ ref: { system: 'a', prompt: 0, index: 0 }, vector: vec(3, 1) }, { ref: { system: 'a', prompt: 1, index: 0 }, vector: vec(3, 2) }]);
    expect(t.upsert([{ ref: { system: 'a', prompt: 0, index: 0 }, vector: vec(3, 7) }])).toBe(0);
    expect(t.n).toBe(2);
    expect([...t.gather([1, 0])]).toEqual([...vec(3, 2), ...vec(3, 7)]);
    expect(() => t.upsert([{ ref: { system: 'a', prompt: 2, index: 0 }, vector: vec(5, 1) }])).toThrow(/5 numbers, the table has 3/);
  });

  it('sends a row index that owns its buffers', () => {
    const t = new VectorTable(key('m'));
    t.upsert([{ ref: { system: 'a', prompt: 4, index: 1 }, vector: vec(2, 0) }]);
    const ix = t.rowIndex();
    expect(ix.prompt.buffer.byteLength).toBe(4);
    expect(ix).toMatchObject({ n: 1, systems: ['a'] });
  });
});

describe('VectorStore', () => {
  it('holds several tables at once and evicts the least recently used past its budget', () => {
    const dim = 8;
    const perTable = CHUNK_ROWS * dim * 4;
    const store = new VectorStore({ budgetBytes: 2 * perTable });
    const fill = (k: TableKey) => store.open(k).upsert([{ ref: { system: 's', prompt: 0, index: 0 }, vector: vec(dim, 1) }]);
    fill(key('m1'));
    fill(key('m2'));
    expect(store.keys().map((k) => k.model)).toEqual(['m1', 'm2']);
    store.get(key('m1'));
    fill(key('m3'));
    expect(store.keys().map((k) => k.model)).toEqual(['m1', 'm3']);
    expect(() => store.table(key('m2'))).toThrow(expect.objectContaining({ name: 'VectorsNotHeld' }));
    expect(store.bytes).toBe(2 * perTable);
  });

  it('keeps a table bigger than the budget rather than evicting the one being filled', () => {
    const store = new VectorStore({ budgetBytes: 10 });
    const t = store.open(key('big'));
    t.upsert([{ ref: { system: 's', prompt: 0, index: 0 }, vector: vec(4, 1) }]);
    expect(store.get(key('big'))).toBe(t);
  });
});
