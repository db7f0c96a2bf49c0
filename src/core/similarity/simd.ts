// A WebAssembly SIMD kernel for cosine matrices (2 × 4 rows of f32x4 dot products), assembled here from bytes so core
// stays dependency-free; used by cosineMatrix where the host supports Wasm SIMD (Node ≥ 16, current browsers).

/** The slice of the WebAssembly API this module uses (core's tsconfig has no DOM lib, hence declared here). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** `k24(a, b, bytes, out, ostride)`: dots of the 2 rows at `a` (row pitch `bytes`) with the 4 rows at `b`, as f32 at `out` and `out + ostride`. */
type K24 = (a: number, b: number, bytes: number, out: number, ostride: number) => void;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

// Opcodes (core + SIMD proposal as standardised).
const GET = 0x20, SET = 0x21, TEE = 0x22, I32_ADD = 0x6a, I32_CONST = 0x41, I32_LT_U = 0x49, F32_ADD = 0x92;
const LOOP = 0x03, BR_IF = 0x0d, END = 0x0b, VOID = 0x40, F32_STORE = 0x38;
const V128_LOAD = [0xfd, 0x00, 0x00, 0x00];
const F32X4_ADD = [0xfd, 0xe4, 0x01];
const F32X4_MUL = [0xfd, 0xe6, 0x01];
const lane = (i: number) => [0xfd, 0x1f, i];

/** Builds the module: params a=0 b=1 bytes=2 out=3 ostride=4; i32 locals k=5 a1=6 b1=7 b2=8 b3=9; v128 s00..s03=10..13, s10..s13=14..17, x0=18 x1=19 y=20. */
function moduleBytes(): Uint8Array {
  const code: number[] = [];
  const add = (dst: number, x: number, y: number) => code.push(GET, x, GET, y, I32_ADD, SET, dst);
  add(6, 0, 2);
  add(7, 1, 2);
  add(8, 7, 2);
  add(9, 8, 2);
  const load = (base: number, dst: number) => code.push(GET, base, GET, 5, I32_ADD, ...V128_LOAD, SET, dst);
  const fma = (acc: number, x: number) => code.push(GET, acc, GET, x, GET, 20, ...F32X4_MUL, ...F32X4_ADD, SET, acc);
  code.push(LOOP, VOID);
  load(0, 18);
  load(6, 19);
  [1, 7, 8, 9].forEach((b, c) => {
    load(b, 20);
    fma(10 + c, 18);
    fma(14 + c, 19);
  });
  code.push(GET, 5, I32_CONST, 16, I32_ADD, TEE, 5, GET, 2, I32_LT_U, BR_IF, 0, END);
  const hsum = (l: number) => code.push(GET, l, ...lane(0), GET, l, ...lane(1), F32_ADD, GET, l, ...lane(2), F32_ADD, GET, l, ...lane(3), F32_ADD);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 4; c++) {
      code.push(GET, 3);
      if (r === 1) code.push(GET, 4, I32_ADD);
      hsum(10 + r * 4 + c);
      code.push(F32_STORE, 0x02, c * 4);
    }
  }
  code.push(END);
  const body = [0x02, 0x05, 0x7f, 0x0b, 0x7b, ...code];
  const name = (s: string) => [s.length, ...[...s].map((ch) => ch.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('mem'), 0x02, 0x00, 0x01]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...name('k24'), 0x00, 0x00]),
    ...section(10, [0x01, ...uleb(body.length), ...body]),
  ]);
}

interface Simd {
  mem: WasmMemory;
  k24: K24;
}
let simd: Simd | null | undefined;

/** The SIMD kernel, or null when the host lacks WebAssembly SIMD (callers fall back to the JS kernel). */
function getSimd(): Simd | null {
  if (simd !== undefined) return simd;
  simd = null;
  const WA = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!WA) return simd;
  try {
    const bytes = moduleBytes();
    if (!WA.validate(bytes)) return simd;
    const mem = new WA.Memory({ initial: 1 });
    const inst = new WA.Instance(new WA.Module(bytes), { env: { mem } });
    simd = { mem, k24: inst.exports.k24 as K24 };
  } catch {
    simd = null;
  }
  return simd;
}

/** True when {@link simdCosine} can run here. */
export function hasSimd(): boolean {
  return getSimd() !== null;
}

const TILE_COLS = 128;

/**
 * Dot products of unit rows of `a` (n × dim) with unit rows of `b` (m × dim), or of `a` with itself when `b` is
 * omitted (upper triangle computed, then mirrored), into a new `n × m` row-major Float32Array. Sums are f32 (about
 * 1e-6 from the f64 JS kernel). Returns null when Wasm SIMD is unavailable.
 */
export function simdCosine(a: Float32Array, n: number, dim: number, b?: Float32Array, m = n): Float32Array | null {
  const s = getSimd();
  if (!s) return null;
  const self = b === undefined;
  const dp = Math.ceil(dim / 4) * 4;
  const pitch = dp * 4;
  const nA = Math.ceil(n / 4) * 4;
  const nB = self ? nA : Math.ceil(m / 4) * 4;
  const aOff = 0;
  const bOff = self ? aOff : aOff + nA * pitch;
  const outOff = bOff + (self ? 0 : nB * pitch) + (self ? nA * pitch : 0);
  const need = outOff + nA * nB * 4;
  const have = s.mem.buffer.byteLength;
  if (need > have) s.mem.grow(Math.ceil((need - have) / 65536));
  const f = new Float32Array(s.mem.buffer);
  // Copy rows in with zero padding so every row is a whole number of f32x4 lanes.
  const put = (src: Float32Array, rows: number, padRows: number, off: number) => {
    f.fill(0, off / 4, off / 4 + padRows * dp);
    for (let i = 0; i < rows; i++) f.set(src.subarray(i * dim, (i + 1) * dim), off / 4 + i * dp);
  };
  put(a, n, nA, aOff);
  if (!self) put(b, m, nB, bOff);
  const ostride = nB * 4;
  for (let c0 = 0; c0 < nB; c0 += TILE_COLS) {
    const c1 = Math.min(nB, c0 + TILE_COLS);
    const rEnd = self ? Math.min(nA, c1) : nA;
    for (let i = 0; i < rEnd; i += 2) {
      const aPtr = aOff + i * pitch;
      const oRow = outOff + i * ostride;
      for (let j = self ? Math.max(c0, i - (i % 4)) : c0; j < c1; j += 4) s.k24(aPtr, bOff + j * pitch, pitch, oRow + j * 4, ostride);
    }
  }
  const out = new Float32Array(n * m);
  const o = outOff / 4;
  for (let i = 0; i < n; i++) out.set(f.subarray(o + i * nB, o + i * nB + m), i * m);
  if (self) {
    const T = 64;
    for (let i0 = 0; i0 < n; i0 += T) {
      for (let j0 = i0; j0 < n; j0 += T) {
        const i1 = Math.min(n, i0 + T), j1 = Math.min(n, j0 + T);
        for (let i = i0; i < i1; i++) for (let j = Math.max(j0, i + 1); j < j1; j++) out[j * n + i] = out[i * n + j]!;
      }
    }
  }
  return out;
}
