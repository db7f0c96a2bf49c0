// cleanText (METRICS.md "Response text"), Python-compatible strip, and byte decoding (BOM, invalid UTF-8).
import { describe, expect, it } from 'vitest';
import { cleanText, decodeText, isPyWhitespace, pyStrip, PY_WHITESPACE } from './text';

describe('cleanText', () => {
  it.each([
    ['  hello  ', 'hello'],
    ['answer\n```', 'answer'],
    ['answer\n```\n\n', 'answer'],
    ['answer ```  ', 'answer'],
    ['code:\n```\nx\n```', 'code:\n```\nx'],
    ['``````', '```'],
    ['```', ''],
    ['', ''],
    ['\u00a0x\u3000', 'x'],
    ['\x1cx\x85', 'x'],
    ['\ufeffx', '\ufeffx'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ])('%j → %j', (raw, want) => expect(cleanText(raw, 'llama-2-icl')).toBe(want));

  it('summary-cot keeps only the answer block', () => {
    const raw = '# Summary:\n```\nshort\n```\n\n# Answer:\n```\n  The answer.\n```\n\n# Query';
    expect(cleanText(raw, 'llama-2-icl-chat-summary-cot')).toBe('The answer.');
    expect(cleanText(raw, 'llama-2-icl-chat-summary')).toBe(raw.trim());
  });

  it('summary-cot without the marker keeps the whole (cleaned) text; without a closing fence, the rest', () => {
    expect(cleanText('  just text\n```', 'x-summary-cot')).toBe('just text');
    expect(cleanText('# Answer:\n```\nopen ended  ', 'x-summary-cot')).toBe('open ended');
  });

  it('pyStrip leaves clean strings alone', () => {
    const s = 'abc';
    expect(pyStrip(s)).toBe(s);
    expect(pyStrip(' \t\n')).toBe('');
  });
});

describe('decodeText', () => {
  const enc = new TextEncoder();
  it('drops a UTF-8 BOM', () => {
    const d = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('{"a":1}')]), 'f.jsonl');
    expect(d.text).toBe('{"a":1}');
    expect(d.problems).toEqual([]);
  });
  it('invalid UTF-8 → replacement characters and a warning with file and lines', () => {
    const bytes = new Uint8Array([...enc.encode('ok\nb'), 0xff, ...enc.encode('d\nok\n'), 0xc3, ...enc.encode('\n')]);
    const d = decodeText(bytes, 'f.jsonl');
    expect(d.text).toBe('ok\nb\uFFFDd\nok\n\uFFFD\n');
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({ severity: 'warning', file: 'f.jsonl', line: 2 });
    expect(d.problems[0]!.message).toContain('lines 2, 4');
  });
  it('keeps a legitimate U+FFFD without complaint', () => {
    expect(decodeText(enc.encode('\uFFFD'), 'f').problems).toEqual([]);
  });
});

describe('PY_WHITESPACE', () => {
  it('agrees with isPyWhitespace on every UTF-16 code unit, so strip() and split() never drift apart', () => {
    const oneChar = new RegExp(`^${PY_WHITESPACE.source}$`);
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isPyWhitespace(c) !== oneChar.test(String.fromCharCode(c))) disagree.push(c);
    expect(disagree).toEqual([]);
  });
});
