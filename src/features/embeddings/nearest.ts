// Top-k cosine neighbours of one row among n rows (n × dim, row-major); rows that are all zero never match.

/** One neighbour: its row and its cosine similarity to the query row. */
export interface Neighbour {
  row: number;
  cosine: number;
}

/**
 * The `k` rows most similar to row `query` by cosine, best first, excluding the query itself and zero rows.
 * `vectors` is n × dim, row-major; they need not be normalised.
 */
export function nearestRows(vectors: Float32Array, dim: number, query: number, k: number): Neighbour[] {
  const n = dim > 0 ? vectors.length / dim : 0;
  const q = vectors.subarray(query * dim, (query + 1) * dim);
  let qn = 0;
  for (let j = 0; j < dim; j++) qn += q[j]! * q[j]!;
  if (qn === 0) return [];
  const out: Neighbour[] = [];
  for (let i = 0; i < n; i++) {
    if (i === query) continue;
    let dot = 0;
    let rn = 0;
    const off = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = vectors[off + j]!;
      dot += v * q[j]!;
      rn += v * v;
    }
    if (rn === 0) continue;
    const cosine = dot / Math.sqrt(qn * rn);
    // Keep a small sorted list: k is tiny next to n.
    if (out.length < k || cosine > out[out.length - 1]!.cosine) {
      let at = out.findIndex((o) => cosine > o.cosine);
      if (at < 0) at = out.length;
      out.splice(at, 0, { row: i, cosine });
      if (out.length > k) out.pop();
    }
  }
  return out;
}
