// Pins the per-response format measures to METRICS.md on hand-made texts.
import { describe, expect, it } from 'vitest';
import { bulletListLength, isAbstain, isBulletList, isNumberedList, numberedListLength, prefix5, wordCount, textFacts, words } from './format';

describe('wordCount', () => {
  it('splits on any Python whitespace run and ignores ends', () => {
    expect(wordCount('')).toBe(0);
    expect(wordCount('   ')).toBe(0);
    expect(wordCount(' a  b\n\tc ')).toBe(3);
    expect(wordCount('a\u00a0b\u3000c')).toBe(3);
    expect(wordCount('a\x1cb')).toBe(2);
    expect(wordCount('a\ufeffb')).toBe(1); // U+FEFF is not whitespace in Python
  });
});

describe('numberedListLength', () => {
  it('walks the counter and needs "N. " at the line start', () => {
    expect(numberedListLength('1. a\n2. b\n3. c')).toBe(3);
    expect(numberedListLength('intro\n1. a\nmore\n2. b')).toBe(2);
    expect(numberedListLength('2. a\n1. b')).toBe(1);
    expect(numberedListLength('1.a\n2.b')).toBe(0);
    expect(numberedListLength('  1. x\n  2. y')).toBe(0);
    expect(numberedListLength('1. a\n1. again\n2. b')).toBe(2);
  });
  it('isNumberedList needs length ≥ 2', () => {
    expect(isNumberedList('1. only')).toBe(false);
    expect(isNumberedList('1. a\n2. b')).toBe(true);
  });
});

describe('bullets', () => {
  it('counts lines starting with "- "', () => {
    expect(bulletListLength('- a\n- b\n -c\n * d')).toBe(2);
    expect(isBulletList('- a')).toBe(false);
    expect(isBulletList('- a\n  - b')).toBe(false);
    expect(isBulletList('- a\n- b')).toBe(true);
  });
});

describe('isAbstain', () => {
  it('matches the phrases case-insensitively with ASCII apostrophes only', () => {
    expect(isAbstain('As an AI Language Model, I ...')).toBe(true);
    expect(isAbstain("I can't condone that")).toBe(true);
    expect(isAbstain('I can\u2019t condone that')).toBe(false);
    expect(isAbstain('Sure, here you go')).toBe(false);
  });
});

describe('prefix5', () => {
  it('joins the first five words by one space', () => {
    expect(prefix5('a  b\nc d e f')).toBe('a b c d e');
    expect(prefix5('a b')).toBe('a b');
  });
});

describe('textFacts', () => {
  it('equals each measure called on its own, including texts whose lowercase changes length', () => {
    const texts = ['', '\n', '1. a\n2. b', 'İİ\n1. x\n2. y', '- a\n- b\n', '  1. a\n2. b', 'I am an AI language model.', 'one two three four five six', '1. a\n\n2. b\n3. c', '-\n- x'];
    for (const t of texts) {
      expect(textFacts(t), JSON.stringify(t)).toEqual({ words: wordCount(t), prefix5: prefix5(t), numbered: isNumberedList(t), bullet: isBulletList(t), abstain: isAbstain(t) });
    }
  });
  it('splits words as Python str.split() does and keeps only the first five for the prefix', () => {
    expect(words('  a\tb\u3000c\u00a0d  e f ')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(words('a b c', 2)).toEqual(['a', 'b']);
    expect(prefix5(' a  b c d e f g')).toBe('a b c d e');
    expect(wordCount('\u2028x\u2029 y\x1c')).toBe(2);
  });
});
