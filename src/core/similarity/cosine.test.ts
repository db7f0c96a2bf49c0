// Checks the blocked cosine kernels against the per-pair baseline on odd sizes (remainder paths) and edge rows.
import { describe, expect, it } from 'vitest';
import { cosineBlock, cosineMatrix, naiveCosineMatrix, normalizeRows, toRows, topK } from './cosine';
import { randomVectors } from './random';
import { hasSimd } from './simd';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(tol);
};

describe('cosineMatrix', () => {
  it('has the Wasm SIMD kernel in Node', () => {
    expect(hasSimd()).toBe(true);
  });
  for (const engine of ['auto', 'js'] as const) {
    for (const [n, dim] of [[1, 3], [5, 7], [13, 9], [67, 33], [300, 16]] as const) {
      it(`${engine}: matches the naive loop for n=${n}, dim=${dim}`, () => {
        const v = { data: randomVectors(n, dim, n * 31 + dim), n, dim };
        close(cosineMatrix(v, undefined, { engine }), naiveCosineMatrix(toRows(v)).flat());
      });
    }
    it(`${engine}: computes a rectangular a × b matrix`, () => {
      const a = { data: randomVectors(7, 10, 1), n: 7, dim: 10 };
      const b = { data: randomVectors(270, 10, 2), n: 270, dim: 10 };
      const m = cosineMatrix(a, b, { engine });
      const naive = naiveCosineMatrix([...toRows(a), ...toRows(b)]);
      close(m, naive.slice(0, 7).flatMap((r) => r.slice(7)));
    });
  }
  it('gives 0 for an all-zero row and 1 on the diagonal otherwise', () => {
    const data = new Float32Array([1, 2, 0, 0, 3, -1]);
    const m = cosineMatrix({ data, n: 3, dim: 2 });
    expect(m[0]).toBeCloseTo(1);
    expect(m[4]).toBe(0);
    expect(m[1]).toBe(0);
  });
  it('rejects mismatched shapes', () => {
    expect(() => cosineMatrix({ data: new Float32Array(5), n: 2, dim: 3 })).toThrow(/n×dim/);
  });
});

describe('cosineBlock', () => {
  it('returns the requested sub-block of the full matrix, clipped to bounds', () => {
    const v = normalizeRows({ data: randomVectors(40, 6, 3), n: 40, dim: 6 });
    const full = cosineMatrix(v, undefined, { normalized: true });
    const blk = cosineBlock(v, 5, 14, 30, 50);
    expect(blk.length).toBe(9 * 10);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 10; j++) expect(blk[i * 10 + j]).toBeCloseTo(full[(i + 5) * 40 + 30 + j]!, 5);
  });
});

describe('cosineBlock (large blocks take the SIMD path)', () => {
  it('matches the full matrix', () => {
    const v = normalizeRows({ data: randomVectors(150, 21, 8), n: 150, dim: 21 });
    const full = cosineMatrix(v, undefined, { normalized: true, engine: 'js' });
    const blk = cosineBlock(v, 3, 83, 60, 150);
    expect(blk.length).toBe(80 * 90);
    for (let i = 0; i < 80; i += 7) for (let j = 0; j < 90; j += 5) expect(blk[i * 90 + j]).toBeCloseTo(full[(i + 3) * 150 + 60 + j]!, 5);
  });
});

describe('topK', () => {
  it('finds the most similar other rows, best first', () => {
    const v = { data: randomVectors(50, 8, 4), n: 50, dim: 8 };
    const full = cosineMatrix(v);
    const { indices, scores } = topK(v, 3);
    for (let i = 0; i < 50; i++) {
      const want = [...Array(50).keys()].filter((j) => j !== i).sort((x, y) => full[i * 50 + y]! - full[i * 50 + x]!);
      expect([...indices.subarray(i * 3, i * 3 + 3)]).toEqual(want.slice(0, 3));
      expect(scores[i * 3]).toBeCloseTo(full[i * 50 + want[0]!]!, 5);
    }
  });
  it('agrees with a brute-force sort on a larger set', () => {
    const v = { data: randomVectors(120, 12, 9), n: 120, dim: 12 };
    const full = cosineMatrix(v, undefined, { engine: 'js' });
    const { indices } = topK(v, 2);
    for (let i = 0; i < 120; i += 11) {
      const want = [...Array(120).keys()].filter((j) => j !== i).sort((x, y) => full[i * 120 + y]! - full[i * 120 + x]!);
      expect([...indices.subarray(i * 2, i * 2 + 2)]).toEqual(want.slice(0, 2));
    }
  });
  it('pads with -1 when fewer than k candidates', () => {
    const { indices } = topK({ data: randomVectors(2, 4, 5), n: 2, dim: 4 }, 3);
    expect([...indices]).toEqual([1, -1, -1, 0, -1, -1]);
  });
});
