// parseJsonl: good lines kept, bad lines reported with file and 1-based line, odd files survive.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paperDataDir } from '../../node/paper-data';
import { eachJsonl, parseJsonl, short } from './jsonl';

const enc = new TextEncoder();

describe('parseJsonl', () => {
  it('reads LF and CRLF lines with a missing final newline', () => {
    const r = parseJsonl('{"a":1}\r\n{"a":2}\r\n{"a":3}', 'f.jsonl');
    expect(r.records.map((x) => x.value)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 3]);
    expect(r.problems).toEqual([]);
    expect(r.lines).toBe(3);
  });

  it('a non-JSON line in the middle is reported and keeps its position', () => {
    const r = parseJsonl('{"a":1}\nnot json\n{"a":3}\n', 'f.jsonl');
    expect(r.records.map((x) => [x.line, x.ordinal])).toEqual([[1, 0], [3, 2]]);
    expect(r.bad).toEqual([{ line: 2, ordinal: 1 }]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ severity: 'error', file: 'f.jsonl', line: 2 });
    expect(r.problems[0]!.message).toMatch(/not valid JSON.*"not json"/);
  });

  it('a truncated last line is called truncated', () => {
    const r = parseJsonl('{"a":1}\n{"a":2, "b": "unfinis', 'f.jsonl');
    expect(r.records).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 2 });
    expect(r.problems[0]!.message).toMatch(/truncated last line/);
  });

  it('empty file, blank-only file', () => {
    for (const s of ['', '\n\n', '\r\n']) {
      const r = parseJsonl(s, 'e.jsonl');
      expect(r.records).toEqual([]);
      expect(r.lines).toBe(0);
      expect(r.problems).toEqual([]);
    }
  });

  it('blank lines between records are skipped with one warning and do not take a position', () => {
    const r = parseJsonl('1\n\n\n2\n\n', 'f.jsonl');
    expect(r.records.map((x) => [x.value, x.line, x.ordinal])).toEqual([[1, 1, 0], [2, 4, 1]]);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 2 })]);
  });

  it('bytes with a BOM', () => {
    const r = parseJsonl(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"a":1}\n')]), 'f.jsonl');
    expect(r.records[0]!.value).toEqual({ a: 1 });
  });

  it('one 10 MB line', () => {
    const big = JSON.stringify({ outputs: [{ generated_text: 'x'.repeat(10 * 1024 * 1024) }] });
    const r = parseJsonl(enc.encode(big + '\n{"a":1}\n'), 'big.jsonl');
    expect(r.records).toHaveLength(2);
    expect((r.records[0]!.value as { outputs: { generated_text: string }[] }).outputs[0]!.generated_text).toHaveLength(10 * 1024 * 1024);
  });

  it('markup in a bad line is quoted in the message, not interpreted', () => {
    const r = parseJsonl('<img src=x onerror=alert(1)>\n', 'f.jsonl');
    expect(r.problems[0]!.message).toContain('"<img src=x onerror=alert(1)>"');
  });
});

describe('parseJsonl of bytes (decoded line by line) equals parseJsonl of the whole decoded text', () => {
  // Keeps a leading BOM, which the string path then drops: what decoding the whole file has always done.
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  const same = (bytes: Uint8Array) => expect(parseJsonl(bytes, 'f.jsonl')).toEqual(parseJsonl(dec.decode(bytes), 'f.jsonl'));

  it('on BOMs, CRLF, blank and bad lines, non-ASCII text and a truncated end', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const cases = [
      '{"a":"é"}\r\n\r\n{"b":"😀 \\u00e9"}\n  \n[1]\nnope\n{"c": "unfinis',
      '\ufeff{"a":1}\n\ufeff{"b":2}\n\ufeff\ufeff{"c":3}\n',
      '\n\n{"a":1}\n\t\r\n',
      '{"a":"\u2028\u2029"}\r',
      '',
    ];
    for (const c of cases) {
      same(enc.encode(c));
      same(new Uint8Array([...bom, ...enc.encode(c)]));
      same(new Uint8Array([...bom, ...bom, ...enc.encode(c)]));
    }
  });

  it('on invalid UTF-8 (the whole file is then decoded leniently, with the warning naming its lines)', () => {
    const bytes = new Uint8Array([...enc.encode('{"a":"x'), 0xff, ...enc.encode('"}\n{"b":1}\n{"c":"'), 0xc3, ...enc.encode('"}\n')]);
    const r = parseJsonl(bytes, 'f.jsonl');
    expect(r.records.map((x) => x.value)).toEqual([{ a: 'x\ufffd' }, { b: 1 }, { c: '\ufffd' }]);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 1, message: expect.stringMatching(/invalid UTF-8.*lines 1, 3/) })]);
  });

  it('hands each line over once even when a later line is invalid UTF-8 (the pass restarts, and says so first)', () => {
    const bytes = new Uint8Array([...enc.encode('{"a":1}\n{"b":"'), 0xff, ...enc.encode('"}\n{"c":3}\n')]);
    const seen: unknown[] = [];
    const r = eachJsonl(bytes, 'f.jsonl', (_line, _ordinal, value) => seen.push(value), () => (seen.length = 0));
    expect(seen).toEqual([{ a: 1 }, { b: '\ufffd' }, { c: 3 }]);
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 2 })]);
    expect(parseJsonl(bytes, 'f.jsonl').records.map((x) => x.value)).toEqual(seen);
  });

  it('on every JSONL file of the paper data', () => {
    let n = 0;
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.jsonl') && n < 400) {
          same(new Uint8Array(readFileSync(p)));
          n++;
        }
      }
    };
    walk(paperDataDir());
    expect(n).toBeGreaterThan(100);
  });
});

describe('short', () => {
  it("turns the engine's position within the one-line text into a column, and drops its own (line 1 column C)", () => {
    let msg = '';
    try {
      JSON.parse('{"a":1,}');
    } catch (e) {
      msg = (e as Error).message;
    }
    const out = short(msg);
    expect(out).not.toMatch(/position|line \d/);
    if (/position 7/.test(msg)) expect(out).toMatch(/at column 8/);
    expect(short('Expected double-quoted property name in JSON at position 15 (line 1 column 16)')).toBe('Expected double-quoted property name at column 16');
  });
});
