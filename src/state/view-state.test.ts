// Round-trip and robustness of the URL view-state packing.
import { describe, expect, it } from 'vitest';
import { decodeViewState, encodeViewState } from './view-state';

describe('view state in the hash', () => {
  it('round-trips and stays URL-safe', () => {
    const s = { dataset: 'lima-oe', prompt: 7, systems: ['llama-2-base', 'llama-2-chat'], split: 'outputs-temp0', view: 'browse' };
    const h = encodeViewState(s);
    expect(h).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeViewState(`#${h}`)).toEqual(s);
  });
  it('yields {} for empty or malformed hashes and drops ill-typed fields', () => {
    expect(encodeViewState({})).toBe('');
    expect(decodeViewState('')).toEqual({});
    expect(decodeViewState('#not-deflate!')).toEqual({});
    const h = encodeViewState({ prompt: -1, systems: [1, 2] } as never);
    expect(decodeViewState(h)).toEqual({});
  });
});
