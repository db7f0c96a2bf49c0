// Pins the rule-based sentence splitter on the cases that matter for coverage: abbreviations, list items, numbers.
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences';

describe('splitSentences', () => {
  it('splits at end punctuation before a capital or digit', () => {
    expect(splitSentences('Hello there. How are you? Fine! 3 cats came.')).toEqual([
      'Hello there.', 'How are you?', 'Fine!', '3 cats came.',
    ]);
  });
  it('keeps abbreviations, initials, decimals and list numbers together', () => {
    expect(splitSentences('Ask Dr. Smith, e.g. Monday. J. R. R. Tolkien wrote it.')).toEqual([
      'Ask Dr. Smith, e.g. Monday.', 'J. R. R. Tolkien wrote it.',
    ]);
    expect(splitSentences('It costs 3.5 dollars. Done.')).toEqual(['It costs 3.5 dollars.', 'Done.']);
    expect(splitSentences('1. First item\n2. Second item')).toEqual(['1. First item', '2. Second item']);
    expect(splitSentences('It ended in 2020. Then more.')).toEqual(['It ended in 2020.', 'Then more.']);
  });
  it('breaks at newlines unless told not to, and drops empty pieces', () => {
    expect(splitSentences('Title\n\nbody text')).toEqual(['Title', 'body text']);
    expect(splitSentences('Title\nbody text', { lines: false })).toEqual(['Title\nbody text']);
    expect(splitSentences('  \n ')).toEqual([]);
  });
  it('keeps closing quotes with their sentence', () => {
    expect(splitSentences('He said "stop." Then left.')).toEqual(['He said "stop."', 'Then left.']);
  });
});
