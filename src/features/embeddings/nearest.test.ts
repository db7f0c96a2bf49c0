// Top-k cosine neighbours.
import { describe, expect, it } from 'vitest';
import { nearestRows } from './nearest';

describe('nearestRows', () => {
  it('ranks by cosine, skips the query and zero rows, and stops at k', () => {
    const v = new Float32Array([1, 0, 0.9, 0.1, 0, 1, 0, 0, -1, 0, 2, 0]);
    const got = nearestRows(v, 2, 0, 3);
    expect(got.map((g) => g.row)).toEqual([5, 1, 2]);
    expect(got[0]!.cosine).toBeCloseTo(1, 6);
    expect(nearestRows(v, 2, 3, 3)).toEqual([]);
  });
});
