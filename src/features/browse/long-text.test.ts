// Collapsing long sample texts: short ones untouched, long ones cut by characters or lines at a word boundary.
import { describe, expect, it } from 'vitest';
import { collapsedHead, COLLAPSED_CHARS } from './long-text';

describe('collapsedHead', () => {
  it('leaves a text that fits alone', () => {
    expect(collapsedHead('short answer')).toBeNull();
    expect(collapsedHead('x'.repeat(COLLAPSED_CHARS))).toBeNull();
  });
  it('cuts a 10 MB text to the character budget, at a word boundary', () => {
    const huge = 'word '.repeat(2_000_000);
    const head = collapsedHead(huge)!;
    expect(head.length).toBeLessThanOrEqual(COLLAPSED_CHARS);
    expect(head.length).toBeGreaterThan(COLLAPSED_CHARS * 0.9);
    expect(head.endsWith('word')).toBe(true);
  });
  it('cuts a text of many short lines after the line budget, and a text with no spaces at the budget', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    expect(collapsedHead(lines, 2000, 3)).toBe('line 0\nline 1\nline 2');
    expect(collapsedHead('a'.repeat(5000), 100)).toBe('a'.repeat(100));
  });
});
