// Precomputed embeddings in and out: numpy .npy/.npz (the paper's files) and Overton's per-sample JSONL.

import { unzipSync } from 'fflate';
import type { ImportProblem } from '../model/types';

/** A parsed .npy array. Numeric data is row-major (fortran order is transposed on read); `U` arrays are strings. */
export interface NpyArray {
  /** numpy dtype string as stored, e.g. `<f4`, `<U268`. */
  descr: string;
  shape: number[];
  data: Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array | BigInt64Array | BigUint64Array | string[];
}

/** Thrown for malformed .npy/.npz bytes; the message names the file (and array). */
export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** Parses the python-literal header dict numpy writes: `{'descr': '<f4', 'fortran_order': False, 'shape': (50, 4096), }`. */
function parseHeader(text: string, label: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyError(`${label}: unreadable .npy header ${JSON.stringify(text.trim().slice(0, 120))}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const v = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(v) || v < 0) throw new NpyError(`${label}: bad shape entry ${s}`);
      return v;
    });
  return { descr, fortran: fortran === 'True', shape };
}

/** Parses one .npy file (format versions 1–3). `label` names it in errors. */
export function parseNpy(bytes: Uint8Array, label = 'array.npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError(`${label}: not a .npy file (bad magic)`);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  if (major < 1 || major > 3) throw new NpyError(`${label}: unsupported .npy version ${major}`);
  const headerEnd = headerStart + headerLen;
  if (headerEnd > bytes.length) throw new NpyError(`${label}: truncated header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerEnd));
  const { descr, fortran, shape } = parseHeader(header, label);
  const count = shape.reduce((a, b) => a * b, 1);
  const body = bytes.subarray(headerEnd);
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(descr);
  if (!m) throw new NpyError(`${label}: unsupported dtype ${descr} (structured arrays are not supported)`);
  const little = m[1] !== '>';
  const kind = m[2]!;
  const size = Number(m[3] || '1');
  const need = kind === 'U' ? count * size * 4 : count * size;
  if (body.length < need) throw new NpyError(`${label}: expected ${need} data bytes for ${descr} ${JSON.stringify(shape)}, found ${body.length}`);
  const dv = new DataView(body.buffer, body.byteOffset, need);
  let data: NpyArray['data'];
  if (kind === 'U') {
    const out: string[] = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      let s = '';
      for (let j = 0; j < size; j++) {
        const cp = dv.getUint32((i * size + j) * 4, little);
        if (cp === 0) break;
        s += String.fromCodePoint(cp);
      }
      out[i] = s;
    }
    data = out;
  } else {
    const read = reader(kind, size, label, descr);
    const make = ctor(kind, size);
    const arr = new make(count);
    for (let i = 0; i < count; i++) (arr as { [k: number]: number | bigint })[i] = read(dv, i * size, little);
    data = arr;
  }
  if (fortran && shape.length > 1) data = fromFortran(data, shape);
  return { descr, shape, data };
}

type Ctor = new (n: number) => Exclude<NpyArray['data'], string[]>;

function ctor(kind: string, size: number): Ctor {
  const key = `${kind}${size}`;
  const map: Record<string, Ctor> = {
    f4: Float32Array, f8: Float64Array, f2: Float32Array,
    i1: Int8Array, i2: Int16Array, i4: Int32Array, i8: BigInt64Array,
    u1: Uint8Array, u2: Uint16Array, u4: Uint32Array, u8: BigUint64Array, b1: Uint8Array,
  };
  const c = map[key];
  if (!c) throw new NpyError(`unsupported dtype ${key}`);
  return c;
}

function reader(kind: string, size: number, label: string, descr: string): (dv: DataView, off: number, le: boolean) => number | bigint {
  switch (`${kind}${size}`) {
    case 'f4': return (dv, o, le) => dv.getFloat32(o, le);
    case 'f8': return (dv, o, le) => dv.getFloat64(o, le);
    case 'f2': return (dv, o, le) => half(dv.getUint16(o, le));
    case 'i1': return (dv, o) => dv.getInt8(o);
    case 'i2': return (dv, o, le) => dv.getInt16(o, le);
    case 'i4': return (dv, o, le) => dv.getInt32(o, le);
    case 'i8': return (dv, o, le) => dv.getBigInt64(o, le);
    case 'u1': case 'b1': return (dv, o) => dv.getUint8(o);
    case 'u2': return (dv, o, le) => dv.getUint16(o, le);
    case 'u4': return (dv, o, le) => dv.getUint32(o, le);
    case 'u8': return (dv, o, le) => dv.getBigUint64(o, le);
    default: throw new NpyError(`${label}: unsupported dtype ${descr}`);
  }
}

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function fromFortran<T extends NpyArray['data']>(data: T, shape: number[]): T {
  const n = data.length;
  const out = (Array.isArray(data) ? new Array<string>(n) : new (data.constructor as Ctor)(n)) as T;
  const idx = new Array<number>(shape.length).fill(0);
  // Walk C order; the fortran offset uses strides growing from the first axis.
  for (let c = 0; c < n; c++) {
    let f = 0;
    let stride = 1;
    for (let a = 0; a < shape.length; a++) {
      f += idx[a]! * stride;
      stride *= shape[a]!;
    }
    (out as { [k: number]: unknown })[c] = (data as { [k: number]: unknown })[f];
    for (let a = shape.length - 1; a >= 0; a--) {
      if (++idx[a]! < shape[a]!) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Parses a .npz (zip of .npy). Keys are member names without `.npy`. */
export function parseNpz(bytes: Uint8Array, label = 'embeddings.npz'): Record<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new NpyError(`${label}: not a readable .npz (zip) file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(files)) {
    if (!name.endsWith('.npy')) continue;
    out[name.slice(0, -4)] = parseNpy(data, `${label}:${name}`);
  }
  return out;
}

/** The paper's `instances/embeddings-<kind>.npz`: one vector per string (prompt or response), from `model`. */
export interface PaperEmbeddings {
  /** The strings embedded (for `prompt_similar`: the prompt texts, in data.jsonl order). */
  texts: string[];
  /** n × dim, row-major. */
  vectors: Float32Array;
  n: number;
  dim: number;
  /** From `args.npy` when present, e.g. `intfloat/e5-mistral-7b-instruct`. */
  model?: string;
  /** From `args.npy`, e.g. `prompt_similar`. */
  inputType?: string;
  args?: Record<string, unknown>;
}

/** Reads a paper .npz (`embeddings` n × dim float, `strings` n, optional `args` JSON string). */
export function paperEmbeddingsFromNpz(bytes: Uint8Array, label = 'embeddings.npz'): PaperEmbeddings {
  const arrays = parseNpz(bytes, label);
  const emb = arrays.embeddings;
  if (!emb) throw new NpyError(`${label}: no embeddings.npy inside (found ${Object.keys(arrays).join(', ') || 'nothing'})`);
  if (emb.shape.length !== 2 || Array.isArray(emb.data)) throw new NpyError(`${label}: embeddings must be a 2-D numeric array, got ${emb.descr} ${JSON.stringify(emb.shape)}`);
  const [n, dim] = emb.shape as [number, number];
  const vectors = emb.data instanceof Float32Array ? emb.data : Float32Array.from(emb.data as ArrayLike<number>, Number);
  const strings = arrays.strings;
  const texts = strings && Array.isArray(strings.data) ? strings.data : [];
  if (texts.length && texts.length !== n) throw new NpyError(`${label}: ${n} embeddings but ${texts.length} strings`);
  const out: PaperEmbeddings = { texts, vectors, n, dim };
  const argsArr = arrays.args;
  if (argsArr && Array.isArray(argsArr.data) && argsArr.data[0]) {
    try {
      const args = JSON.parse(argsArr.data[0]) as Record<string, unknown>;
      out.args = args;
      if (typeof args.model === 'string') out.model = args.model;
      if (typeof args.input_type === 'string') out.inputType = args.input_type;
    } catch {
      // args is informational; a non-JSON string is kept out rather than failing the import.
    }
  }
  return out;
}

/** One line of Overton's embedding JSONL. `model` (optional) is the `modelKey` the vector was made with. */
export interface EmbeddingLine {
  dataset: string;
  system: string;
  prompt_index: number;
  sample_index: number;
  vector: number[];
  model?: string;
}

/** Where a row of an embedding table belongs. */
export interface EmbeddingRowRef {
  dataset: string;
  system: string;
  prompt: number;
  sample: number;
}

/** Parsed JSONL: `rows[i]` owns `vectors[i*dim .. (i+1)*dim)`. Bad lines are skipped and reported with their line number. */
export interface EmbeddingTable {
  rows: EmbeddingRowRef[];
  vectors: Float32Array;
  n: number;
  dim: number;
  /** Model keys seen (usually one). */
  models: string[];
  problems: ImportProblem[];
}

/** Parses Overton's embedding JSONL (one object per sample). All vectors must share one dimension. */
export function parseEmbeddingJsonl(text: string, file = 'embeddings.jsonl'): EmbeddingTable {
  const rows: EmbeddingRowRef[] = [];
  const chunks: number[][] = [];
  const problems: ImportProblem[] = [];
  const models = new Set<string>();
  let dim = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const bad = (message: string) => problems.push({ severity: 'error', file, line: i + 1, message });
    let o: Partial<EmbeddingLine>;
    try {
      o = JSON.parse(line) as Partial<EmbeddingLine>;
    } catch (e) {
      bad(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (typeof o !== 'object' || o === null) return bad('not a JSON object');
    if (typeof o.dataset !== 'string' || typeof o.system !== 'string') return bad('needs string "dataset" and "system"');
    if (!Number.isInteger(o.prompt_index) || !Number.isInteger(o.sample_index)) return bad('needs integer "prompt_index" and "sample_index"');
    if (!Array.isArray(o.vector) || o.vector.length === 0 || !o.vector.every((v) => typeof v === 'number' && Number.isFinite(v))) return bad('"vector" must be a non-empty array of finite numbers');
    if (dim === 0) dim = o.vector.length;
    if (o.vector.length !== dim) return bad(`vector has ${o.vector.length} numbers, earlier lines have ${dim}`);
    if (typeof o.model === 'string') models.add(o.model);
    rows.push({ dataset: o.dataset, system: o.system, prompt: o.prompt_index!, sample: o.sample_index! });
    chunks.push(o.vector);
  });
  const vectors = new Float32Array(rows.length * dim);
  chunks.forEach((v, i) => vectors.set(v, i * dim));
  return { rows, vectors, n: rows.length, dim, models: [...models], problems };
}

/** Shortest decimal that reads back as the same float32 (9 significant digits always suffice). */
function f32(v: number): string {
  if (v === 0) return '0';
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

/** Writes rows as Overton embedding JSONL (one object per line, newline-terminated). `vectors` is n × dim. */
export function toEmbeddingJsonl(rows: readonly EmbeddingRowRef[], vectors: Float32Array, dim: number, model?: string): string {
  let out = '';
  rows.forEach((r, i) => {
    const vec: string[] = new Array<string>(dim);
    for (let k = 0; k < dim; k++) vec[k] = f32(vectors[i * dim + k]!);
    const head = JSON.stringify({ dataset: r.dataset, system: r.system, prompt_index: r.prompt, sample_index: r.sample, ...(model ? { model } : {}) });
    out += `${head.slice(0, -1)},"vector":[${vec.join(',')}]}\n`;
  });
  return out;
}
