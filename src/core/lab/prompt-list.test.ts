// parsePromptList: ranges, duplicates, order, and errors that name the bad part.
import { describe, expect, it } from 'vitest';
import { parsePromptList } from './prompt-list';

const valid = new Set(Array.from({ length: 50 }, (_, i) => i));

describe('parsePromptList', () => {
  it('reads all, numbers and ranges into sorted distinct indices', () => {
    expect(parsePromptList('all', valid)).toEqual({ prompts: [...valid] });
    expect(parsePromptList('', valid)).toEqual({ prompts: [...valid] });
    expect(parsePromptList('12, 0-3, 2', valid)).toEqual({ prompts: [0, 1, 2, 3, 12] });
  });
  it('names what is wrong', () => {
    expect(parsePromptList('0-999', valid)).toEqual({ error: 'prompt 50 is not in this dataset' });
    expect(parsePromptList('5-2', valid)).toEqual({ error: '"5-2" runs backwards' });
    expect(parsePromptList('a', valid)).toEqual({ error: '"a" is not a prompt number or range (e.g. 0-9, 12)' });
  });
});
