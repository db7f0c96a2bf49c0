// pickJsonFields must agree exactly with a strict UTF-8 decode + JSON.parse: the same fields for every valid object,
// undefined (so the caller parses in full) for everything else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperDataDir } from '../../node/paper-data';
import { pickJsonFields } from './json-pick';

const strict = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

/** What pickJsonFields must return: the requested fields of JSON.parse's object, or undefined when that fails. */
function expected(bytes: Uint8Array, keys: readonly string[]): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(strict.decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of keys) if (Object.hasOwn(v, k)) out[k] = (v as Record<string, unknown>)[k];
  return { ...out };
}

function agree(bytes: Uint8Array, keys: readonly string[]): void {
  const want = expected(bytes, keys);
  const show = () => JSON.stringify(new TextDecoder().decode(bytes).slice(0, 200));
  // At every alignment: plain string text is skipped 4 bytes at a time from the first 4-aligned byte.
  for (let offset = 0; offset < 4; offset++) {
    const at = new Uint8Array(bytes.length + offset + 3).subarray(offset, offset + bytes.length);
    at.set(bytes);
    const got = pickJsonFields(at, keys);
    if (want === undefined) expect(got, show()).toBeUndefined();
    else expect(got === undefined ? undefined : { ...got }, show()).toEqual(want);
  }
}

const KEYS = ['a', 'results', 'ids', '__proto__', 'é'] as const;
const SAMPLE =
  '\uFEFF{"skip": ["x\\n\\"y\\" \\u00e9 \\ud83d\\ude00 é € 😀", "", "\\\\", "/\\/\\b\\f\\r\\t"], "a": -0.5e+3, ' +
  '"nested": {"k": [true, false, null, {"z": [1, -2, 3.25, 4E-2, 0]}]}, "results": {"f1": [0.9, 1e-7], "hashcode": "h"}, ' +
  '"ids": [0, 0, 1], "__proto__": {"x": 1}, "é": "ü", "a": 7}\n';

describe('pickJsonFields', () => {
  it('reads the requested fields of a valid object, the last of a repeated key, __proto__ as a plain key', () => {
    const got = pickJsonFields(enc.encode(SAMPLE), KEYS)!;
    expect({ ...got }).toEqual({ a: 7, results: { f1: [0.9, 1e-7], hashcode: 'h' }, ids: [0, 0, 1], ['__proto__']: { x: 1 }, é: 'ü' });
    agree(enc.encode(SAMPLE), KEYS);
  });

  it('rejects what a strict decode + JSON.parse rejects (syntax, escapes, control characters, invalid UTF-8)', () => {
    const badObjects = ['', '[]', '"s"', '{', '{"a": 1,}', '{"a" 1}', '{"a": 1} x', '{"a": 1}{}', "{'a': 1}", '{"a": 1', '{"a": 1}\u00a0'];
    for (const s of badObjects) agree(enc.encode(s), KEYS);
    // Each bad value both where it is parsed ("a") and where it is only skipped ("skip").
    const badValues = [
      '01', '-01', '00', '1.', '.5', '-', '1e', '1e+', '+1', 'NaN', 'tru', 'nul', 'True', '"\\x"', '"\\u12g4"', '"\\u12"',
      '"tab\there"', '"nul\u0000"', '"unit\u001fsep"', '"open', '[1,]', '[1 2]', '[,1]', '{"b"}', '{"b": 1,}', '{b: 1}', '{"b": 1 "c": 2}',
    ];
    for (const v of badValues) {
      agree(enc.encode(`{"a": ${v}}`), KEYS);
      agree(enc.encode(`{"skip": ${v}, "a": 1}`), KEYS);
      agree(enc.encode(`{"skip": [0, {"x": ${v}}], "a": 1}`), KEYS);
    }
    const bytes = [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82], [0xff], [0xc2]];
    for (const seq of bytes) {
      const b = new Uint8Array([...enc.encode('{"skip": "x'), ...seq, ...enc.encode('y", "a": 1}')]);
      expect(pickJsonFields(b, KEYS)).toBeUndefined();
      agree(b, KEYS);
    }
  });

  it('agrees with JSON.parse on thousands of random corruptions of a valid object', () => {
    const base = enc.encode(SAMPLE);
    const pool = enc.encode(' \t\n{}[]:,"\\/u0123456789abefnrtlsx.-+eE') as Uint8Array;
    const extra = [0x00, 0x1f, 0x7f, 0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xff];
    let seed = 12345;
    const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    let valid = 0;
    for (let t = 0; t < 4000; t++) {
      const b = Array.from(base);
      for (let m = 1 + rnd(3); m > 0 && b.length > 0; m--) {
        const at = rnd(b.length);
        const byte = rnd(4) === 0 ? extra[rnd(extra.length)]! : pool[rnd(pool.length)]!;
        const op = rnd(10);
        if (op < 4) b[at] = byte;
        else if (op < 7) b.splice(at, 1);
        else if (op < 9) b.splice(at, 0, byte);
        else b.length = at;
      }
      const bytes = new Uint8Array(b);
      agree(bytes, KEYS);
      if (expected(bytes, KEYS) !== undefined) valid++;
    }
    // Enough of the corrupted objects stay valid (a changed digit, space or letter) to test acceptance too.
    expect(valid).toBeGreaterThan(400);
  });

  it('reads every BERTScore file of the paper data as JSON.parse does', () => {
    const keys = ['ref_model', 'alt_model', 'instance_ids', 'ref_sample_ids', 'alt_sample_ids', 'results'];
    let n = 0;
    for (const ds of readdirSync(paperDataDir())) {
      for (const sub of ['outputs', 'inputs']) {
        const dir = join(paperDataDir(), ds, 'bertscore', sub);
        let files: string[] = [];
        try {
          files = readdirSync(dir);
        } catch {
          continue;
        }
        for (const f of files) {
          const bytes = readFileSync(join(dir, f));
          const got = pickJsonFields(bytes, keys);
          expect(got, f).toBeDefined();
          expect({ ...got }).toEqual(expected(bytes, keys));
          n++;
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(48);
  });
});
