// The neighbour picker's starting system: the first system of the split that has vectors, not simply the first one.
import { describe, expect, it } from 'vitest';
import { defaultNeighbourSystem } from './neighbours-list';

describe('defaultNeighbourSystem', () => {
  const share = (system: string, embedded: number) => ({ system, samples: 5, empty: 0, embedded });
  it('starts on the first embedded system', () => {
    expect(defaultNeighbourSystem(['gpt', 'base', 'chat'], [share('gpt', 0), share('base', 0), share('chat', 3)])).toBe('chat');
  });
  it('falls back to the first system when nothing is embedded or counts are still loading', () => {
    expect(defaultNeighbourSystem(['gpt', 'base'], [share('gpt', 0), share('base', 0)])).toBe('gpt');
    expect(defaultNeighbourSystem(['gpt', 'base'], undefined)).toBe('gpt');
    expect(defaultNeighbourSystem([], undefined)).toBe('');
  });
});
