// Tests for the scatter's pure geometry: transforms round-trip, fitting, hover lookup and lasso/box selection.
import { describe, expect, it } from 'vitest';
import { boundsOf, fitTransform, GridIndex, insidePolygon, selectInBox, selectInPolygon, toData, toScreen, zoomAt } from './geometry';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('scatter geometry', () => {
  it('fits bounds into the box and round-trips data ↔ screen', () => {
    const xy = new Float32Array([0, 0, 10, 5, NaN, 3]);
    const b = boundsOf(xy, 3);
    expect(b).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 5 });
    const t = fitTransform(b, 220, 120, 10);
    expect(toScreen(t, 0, 0)).toEqual([10, 110]);
    expect(toScreen(t, 10, 5)).toEqual([210, 10]);
    const [x, y] = toData(t, 123, 45);
    expect(toScreen(t, x, y)[0]).toBeCloseTo(123);
    expect(toScreen(t, x, y)[1]).toBeCloseTo(45);
  });

  it('gives one point or identical points a finite, centred view', () => {
    const t = fitTransform(boundsOf(new Float32Array([3, 3, 3, 3]), 2), 100, 100);
    expect(Number.isFinite(t.scale)).toBe(true);
    expect(toScreen(t, 3, 3)).toEqual([50, 50]);
  });

  it('zooms about the cursor', () => {
    const t = zoomAt({ scale: 2, tx: 5, ty: 7 }, 40, 30, 3);
    const before = toData({ scale: 2, tx: 5, ty: 7 }, 40, 30);
    const after = toData(t, 40, 30);
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(t.scale).toBe(6);
  });

  it('finds the nearest point like a linear scan, skipping hidden rows', () => {
    const rnd = seeded(7);
    const n = 5000;
    const xy = new Float32Array(n * 2).map(() => rnd() * 100);
    const grid = new GridIndex(xy, n);
    const visible = new Uint8Array(n).map((_, i) => (i % 3 ? 1 : 0));
    for (let q = 0; q < 200; q++) {
      const x = rnd() * 100;
      const y = rnd() * 100;
      let best = -1;
      let bestD = 2 * 2;
      for (let i = 0; i < n; i++) {
        if (!visible[i]) continue;
        const d = (xy[2 * i]! - x) ** 2 + (xy[2 * i + 1]! - y) ** 2;
        if (d <= bestD) [best, bestD] = [i, d];
      }
      expect(grid.nearest(x, y, 2, visible)).toBe(best);
    }
  });

  it('selects points inside a lasso and a box, in screen space', () => {
    expect(insidePolygon([0, 0, 10, 0, 10, 10, 0, 10], 5, 5)).toBe(true);
    expect(insidePolygon([0, 0, 10, 0, 0, 10], 8, 8)).toBe(false);
    const xy = new Float32Array([0, 0, 1, 1, 2, 2, 3, 3]);
    const t = { scale: 10, tx: 0, ty: 100 }; // (x, y) → (10x, 100 − 10y)
    // A triangle covering screen points (0,100), (10,90), (20,80) but not (30,70).
    expect(selectInPolygon(xy, 4, t, [-5, 105, 25, 105, 25, 75])).toEqual([0, 1, 2]);
    expect(selectInBox(xy, 4, t, 5, 95, 35, 60)).toEqual([1, 2, 3]);
    expect(selectInBox(xy, 4, t, 5, 95, 35, 60, new Uint8Array([1, 1, 0, 1]))).toEqual([1, 3]);
    expect(selectInPolygon(xy, 4, t, [0, 0, 1, 1])).toEqual([]);
  });
});
