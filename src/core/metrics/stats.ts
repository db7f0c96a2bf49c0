// Small numeric helpers shared by the metric modules (means that return null on empty input, Python-style median).

/** Arithmetic mean, or null for an empty list (a figure with nothing to average is "no value", not 0). */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median as Python's `statistics.median` (mean of the two middle values for even n), or null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Share of items satisfying `pred`, or null when empty. */
export function fraction<T>(xs: readonly T[], pred: (x: T) => boolean): number | null {
  if (xs.length === 0) return null;
  let c = 0;
  for (const x of xs) if (pred(x)) c += 1;
  return c / xs.length;
}

/** Rounds to `digits` decimals for display (reference.json uses 4); null stays null. */
export function round(x: number | null, digits = 4): number | null {
  if (x === null || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
