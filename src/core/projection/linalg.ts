// Small dense linear algebra for PCA and spectral steps: cyclic Jacobi eigensolver for small symmetric matrices,
// Gram–Schmidt, and seeded subspace iteration for the top eigenpairs of a symmetric positive semi-definite matrix.

import { mulberry32 } from '../similarity/random';

/** Eigen-decomposition of a symmetric matrix: `values` descending, `vectors` `m × m` row-major with eigenvector j in column j. */
export interface Eigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * All eigenpairs of the symmetric `m × m` row-major matrix `a` (not modified) by cyclic Jacobi rotations; O(m³) per
 * sweep, meant for m ≤ ~64 (the Rayleigh–Ritz step of {@link topEigen}).
 */
export function jacobiEigen(a: Float64Array, m: number): Eigen {
  const A = Float64Array.from(a);
  const V = new Float64Array(m * m);
  for (let i = 0; i < m; i++) V[i * m + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < m; i++) {
      diag += A[i * m + i]! * A[i * m + i]!;
      for (let j = i + 1; j < m; j++) off += A[i * m + j]! * A[i * m + j]!;
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q]!;
        if (apq === 0) continue;
        const app = A[p * m + p]!, aqq = A[q * m + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k * m + p]!, akq = A[k * m + q]!;
          A[k * m + p] = c * akp - s * akq;
          A[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p * m + k]!, aqk = A[q * m + k]!;
          A[p * m + k] = c * apk - s * aqk;
          A[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = V[k * m + p]!, vkq = V[k * m + q]!;
          V[k * m + p] = c * vkp - s * vkq;
          V[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => A[y * m + y]! - A[x * m + x]! || x - y);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, j) => {
    values[j] = A[src * m + src]!;
    for (let k = 0; k < m; k++) vectors[k * m + j] = V[k * m + src]!;
  });
  return { values, vectors };
}

/**
 * Orthonormalises the `b` columns of the `m × b` row-major `q` in place (modified Gram–Schmidt, twice for accuracy);
 * a column that becomes ~0 (rank deficiency) is replaced by zeros. Returns the number of non-zero columns.
 */
export function orthonormalize(q: Float64Array, m: number, b: number): number {
  let rank = 0;
  for (let j = 0; j < b; j++) {
    let n0 = 0;
    for (let i = 0; i < m; i++) n0 += q[i * b + j]! * q[i * b + j]!;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < m; i++) d += q[i * b + j]! * q[i * b + p]!;
        for (let i = 0; i < m; i++) q[i * b + j] = q[i * b + j]! - d * q[i * b + p]!;
      }
    }
    let nn = 0;
    for (let i = 0; i < m; i++) nn += q[i * b + j]! * q[i * b + j]!;
    if (nn <= 1e-24 * Math.max(n0, 1e-300) || nn === 0) {
      for (let i = 0; i < m; i++) q[i * b + j] = 0;
      continue;
    }
    const inv = 1 / Math.sqrt(nn);
    for (let i = 0; i < m; i++) q[i * b + j] = q[i * b + j]! * inv;
    rank++;
  }
  return rank;
}

/** `m × m` (row-major) times `m × b` into a new `m × b`. */
function mulDense(M: Float64Array, Q: Float64Array, m: number, b: number): Float64Array {
  const Z = new Float64Array(m * b);
  for (let i = 0; i < m; i++) {
    const zi = i * b;
    for (let k = 0; k < m; k++) {
      const v = M[i * m + k]!;
      if (v === 0) continue;
      const qk = k * b;
      for (let j = 0; j < b; j++) Z[zi + j] = Z[zi + j]! + v * Q[qk + j]!;
    }
  }
  return Z;
}

/** Top eigenpairs of a symmetric PSD matrix: `values` (length k, descending, ≥ 0) and `vectors` `m × k` row-major (column j = eigenvector j). */
export interface TopEigen {
  values: Float64Array;
  vectors: Float64Array;
  /** Subspace iterations used. */
  iterations: number;
}

/**
 * The `k` largest eigenpairs of the symmetric PSD `m × m` row-major matrix `M`, by subspace iteration with `k + 6`
 * seeded Gaussian start vectors and a Rayleigh–Ritz step per iteration, until the residual of every wanted pair is
 * ≤ `tol × λ₁` (or 500 iterations). Deterministic for a seed; signs are not normalised here.
 */
export function topEigen(M: Float64Array, m: number, k: number, seed: number, tol = 1e-9): TopEigen {
  k = Math.min(k, m);
  const b = Math.min(m, k + 6);
  const rnd = mulberry32(seed);
  const gauss = () => {
    const u = Math.max(rnd(), 1e-12), v = rnd();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  let Q = new Float64Array(m * b);
  for (let i = 0; i < Q.length; i++) Q[i] = gauss();
  orthonormalize(Q, m, b);
  let values: Float64Array = new Float64Array(b);
  let iterations = 0;
  for (; iterations < 500; iterations++) {
    const Z = mulDense(M, Q, m, b);
    // Rayleigh–Ritz: T = Qᵀ M Q, rotate Q and Z onto T's eigenvectors so columns come out sorted and (near) converged.
    const T = new Float64Array(b * b);
    for (let i = 0; i < m; i++) for (let p = 0; p < b; p++) for (let q = 0; q < b; q++) T[p * b + q] = T[p * b + q]! + Q[i * b + p]! * Z[i * b + q]!;
    for (let p = 0; p < b; p++) for (let q = p + 1; q < b; q++) T[p * b + q] = T[q * b + p] = (T[p * b + q]! + T[q * b + p]!) / 2;
    const e = jacobiEigen(T, b);
    values = e.values;
    const QS = new Float64Array(m * b);
    const ZS = new Float64Array(m * b);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < b; j++) {
        let s = 0, z = 0;
        for (let p = 0; p < b; p++) {
          s += Q[i * b + p]! * e.vectors[p * b + j]!;
          z += Z[i * b + p]! * e.vectors[p * b + j]!;
        }
        QS[i * b + j] = s;
        ZS[i * b + j] = z;
      }
    }
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let r = 0;
      for (let i = 0; i < m; i++) {
        const d = ZS[i * b + j]! - values[j]! * QS[i * b + j]!;
        r += d * d;
      }
      worst = Math.max(worst, Math.sqrt(r));
    }
    Q = QS;
    if (worst <= tol * Math.max(values[0]!, 0) || values[0]! <= 0) break;
    Q = ZS;
    if (orthonormalize(Q, m, b) === 0) break;
  }
  const outV = new Float64Array(m * k);
  const outL = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    outL[j] = Math.max(0, values[j]!);
    for (let i = 0; i < m; i++) outV[i * k + j] = Q[i * b + j]!;
  }
  return { values: outL, vectors: outV, iterations };
}
