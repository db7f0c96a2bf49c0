// Generated system names follow the paper's handle grammar and parse back with describeSystem.
import { describe, expect, it } from 'vitest';
import { describeSystem } from '../model/system';
import { handleRoundTrips, labSystemHandle } from './naming';

describe('labSystemHandle', () => {
  it('names runs like the paper systems', () => {
    expect(labSystemHandle('llama-2', 'llama-2-chat', { kind: 'knn-prompt', k: 3 }, false)).toBe('llama-2-icl-chat-knn-prompt_similar');
    expect(labSystemHandle('llama-2', 'llama-2-chat', { kind: 'fixed', examples: [] }, true)).toBe('llama-2-icl-chat-summary');
    expect(labSystemHandle('llama-2', 'gpt-3.5-turbo', { kind: 'knn-response', k: 5 }, true)).toBe('llama-2-icl-gpt-3.5-turbo-5nn-response_similar-summary');
    expect(labSystemHandle('overton/tiny-lm', 'llama-2-chat', { kind: 'random', k: 3, seed: 0 }, false)).toBe('tiny-lm-icl-llama-2-chat-rand');
    expect(labSystemHandle('tiny-lm', null, { kind: 'fixed', examples: [] }, false)).toBe('tiny-lm-icl');
    expect(labSystemHandle('tiny-lm', 'x', { kind: 'none' }, false)).toBe('tiny-lm-base');
  });

  it('parses back to the same family, teacher, selection and hint', () => {
    const h = labSystemHandle('llama-2', 'llama-2-chat', { kind: 'knn-prompt', k: 5 }, true);
    const d = describeSystem(h);
    expect(d).toMatchObject({ kind: 'icl', family: 'llama-2', teacher: 'chat', k: 5, similarity: 'prompt_similar', hint: 'summary' });
    expect(handleRoundTrips(h, 'llama-2')).toBe(true);
    expect(handleRoundTrips(`${h}-run2`, 'llama-2')).toBe(true);
  });
});
