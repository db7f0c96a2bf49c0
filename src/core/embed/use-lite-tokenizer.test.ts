// Unit tests of clipForUseLite: prefixes keep the first 128 ids of the whole text, with a fake tokenizer.
import { describe, expect, it } from 'vitest';
import { clipForUseLite } from './use-lite-tokenizer';

const words = (s: string) => s.split(' ').filter((w) => w.length > 0).length;

describe('clipForUseLite', () => {
  it('returns short texts unchanged', () => {
    expect(clipForUseLite('a short text', words)).toBe('a short text');
  });

  it('cuts long texts just before a space, keeping more than maxTokens tokens', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' ');
    const clipped = clipForUseLite(text, words, 128);
    expect(text.startsWith(clipped)).toBe(true);
    expect(text[clipped.length]).toBe(' ');
    expect(words(clipped)).toBeGreaterThan(128);
    expect(clipped.length).toBeLessThan(text.length);
  });

  it('grows the cut until enough tokens are inside', () => {
    const text = Array.from({ length: 400 }, () => 'abcdefghij').join(' ');
    const clipped = clipForUseLite(text, words, 128);
    expect(words(clipped)).toBeGreaterThan(128);
  });

  it('keeps texts without a usable space whole', () => {
    const text = 'x'.repeat(5000);
    expect(clipForUseLite(text, (s) => s.length, 128)).toBe(text);
  });
});
