// formatClass: one category per response, consistent with the format measures it is built from.
import { describe, expect, it } from 'vitest';
import { isAbstain, isBulletList, isNumberedList } from './format';
import { formatClass } from './format-class';

describe('formatClass', () => {
  it('puts empty first, then refusals, numbered and bullet lists, then prose', () => {
    expect(formatClass(null)).toBe('empty');
    expect(formatClass('   \n ')).toBe('empty');
    expect(formatClass("As an AI language model, I can't.\n1. a\n2. b")).toBe('refuses');
    expect(formatClass('Steps:\n1. boil water\n2. add tea')).toBe('numbered list');
    expect(formatClass('Options:\n- tea\n- coffee')).toBe('bullet list');
    expect(formatClass('Just drink some tea.')).toBe('prose');
  });

  it('agrees with the per-text format tests on mixed texts', () => {
    const texts = ['1. a\n2. b', '- a\n* b', 'I do not have personal opinions.', 'plain', '1. only one item', '- one\ntext'];
    for (const t of texts) {
      const c = formatClass(t);
      expect(c === 'refuses').toBe(isAbstain(t));
      if (!isAbstain(t)) expect(c === 'numbered list').toBe(isNumberedList(t));
      if (!isAbstain(t) && !isNumberedList(t)) expect(c === 'bullet list').toBe(isBulletList(t));
    }
  });
});
