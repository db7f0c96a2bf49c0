// .npy/.npz parsing (built in the test with fflate) and the embedding JSONL round trip.
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NpyError, paperEmbeddingsFromNpz, parseEmbeddingJsonl, parseNpy, parseNpz, toEmbeddingJsonl } from './npz';

/** Builds a version-1 .npy file the way numpy.save does (header padded to a multiple of 64). */
function npy(descr: string, shape: number[], body: Uint8Array, fortran = false, version = 1): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat(64 - ((pre + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(pre + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(body, pre + header.length);
  return out;
}

const f32 = (xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);
function utf32(strings: string[], width: number): Uint8Array {
  const out = new Uint8Array(strings.length * width * 4);
  const dv = new DataView(out.buffer);
  strings.forEach((s, i) => [...s].forEach((ch, j) => dv.setUint32((i * width + j) * 4, ch.codePointAt(0)!, true)));
  return out;
}

describe('parseNpy', () => {
  it('reads float32 matrices, big-endian ints, fortran order and version 2 headers', () => {
    const a = parseNpy(npy('<f4', [2, 3], f32([1, 2, 3, 4, 5, 6])));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);

    const be = new Uint8Array(8);
    new DataView(be.buffer).setInt32(0, -7, false);
    new DataView(be.buffer).setInt32(4, 9, false);
    expect(Array.from(parseNpy(npy('>i4', [2], be)).data as Int32Array)).toEqual([-7, 9]);

    // Fortran order: columns stored first; [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6.
    const f = parseNpy(npy('<f4', [2, 3], f32([1, 4, 2, 5, 3, 6]), true));
    expect(Array.from(f.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);

    expect(Array.from(parseNpy(npy('<f8', [1], new Uint8Array(new Float64Array([0.5]).buffer)), 'x', ).data as Float64Array)).toEqual([0.5]);
    expect(parseNpy(npy('<f4', [1], f32([2]), false, 2)).data[0]).toBe(2);
  });

  it('reads unicode arrays with NUL padding, including astral characters', () => {
    const a = parseNpy(npy('<U5', [2], utf32(['héllo', '🎉'], 5)));
    expect(a.data).toEqual(['héllo', '🎉']);
  });

  it('rejects bad magic, short data and structured dtypes with the file name', () => {
    expect(() => parseNpy(new Uint8Array(20), 'bad.npy')).toThrow(/bad\.npy: not a \.npy/);
    expect(() => parseNpy(npy('<f4', [4], f32([1])), 'short.npy')).toThrow(NpyError);
    expect(() => parseNpy(npy("[('a', '<f4')]", [1], f32([1])), 's.npy')).toThrow(/unreadable|unsupported/);
  });
});

describe('paper .npz', () => {
  it('reads embeddings, strings and args like the paper files', () => {
    const args = JSON.stringify({ model: 'intfloat/e5-mistral-7b-instruct', input_type: 'prompt_similar' });
    const zip = zipSync({
      'args.npy': npy(`<U${args.length}`, [], utf32([args], args.length)),
      'embeddings.npy': npy('<f4', [2, 3], f32([1, 0, 0, 0, 1, 0])),
      'strings.npy': npy('<U12', [2], utf32(['What is AI?', 'Hi'], 12)),
    }, { level: 0 });
    expect(Object.keys(parseNpz(zip)).sort()).toEqual(['args', 'embeddings', 'strings']);
    const p = paperEmbeddingsFromNpz(zip);
    expect(p).toMatchObject({ n: 2, dim: 3, texts: ['What is AI?', 'Hi'], model: 'intfloat/e5-mistral-7b-instruct', inputType: 'prompt_similar' });
    expect(Array.from(p.vectors)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('says what is wrong with a zip that is not an embeddings file', () => {
    expect(() => paperEmbeddingsFromNpz(zipSync({ 'x.npy': npy('<f4', [1], f32([1])) }), 'e.npz')).toThrow(/e\.npz: no embeddings\.npy/);
    expect(() => parseNpz(new Uint8Array([1, 2, 3]), 'junk.npz')).toThrow(/junk\.npz/);
  });
});

describe('embedding JSONL', () => {
  it('round-trips vectors exactly at float32 precision', () => {
    const vectors = new Float32Array([0.1, -0.2, 1 / 3, 0, 1e-8, -123.456]);
    const rows = [
      { dataset: 'LIMA-OE', system: 'llama-2-chat', prompt: 0, sample: 0 },
      { dataset: 'LIMA-OE', system: 'llama-2-chat', prompt: 0, sample: 1 },
    ];
    const text = toEmbeddingJsonl(rows, vectors, 3, 'overton/use-lite|fp32|none|norm|t128');
    expect(text.split('\n')[0]).toMatch(/^\{"dataset":"LIMA-OE","system":"llama-2-chat","prompt_index":0,"sample_index":0,"model":"[^"]+","vector":\[/);
    const t = parseEmbeddingJsonl(text);
    expect(t.problems).toEqual([]);
    expect(t.rows).toEqual(rows);
    expect(t.dim).toBe(3);
    expect(Array.from(t.vectors)).toEqual(Array.from(vectors));
    expect(t.models).toEqual(['overton/use-lite|fp32|none|norm|t128']);
  });

  it('skips bad lines and reports them with line numbers', () => {
    const text = [
      '{"dataset":"d","system":"s","prompt_index":0,"sample_index":0,"vector":[1,2]}',
      'not json',
      '{"dataset":"d","system":"s","prompt_index":0,"sample_index":1,"vector":[1,2,3]}',
      '{"dataset":"d","system":"s","prompt_index":"x","sample_index":1,"vector":[1,2]}',
      '',
      '{"dataset":"d","system":"s","prompt_index":1,"sample_index":0,"vector":[3,4]}',
    ].join('\n');
    const t = parseEmbeddingJsonl(text, 'e.jsonl');
    expect(t.n).toBe(2);
    expect(t.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(t.problems[1]!.message).toMatch(/3 numbers, earlier lines have 2/);
  });
});
