// Round-trip and robustness of the URL view-state packing.
import { describe, expect, it } from 'vitest';
import { deflateSync, strToU8 } from 'fflate';
import { decodeViewState, encodeViewState, MAX_HASH_CHARS, MAX_INFLATED_BYTES, readViewState } from './view-state';

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

  it('refuses an over-long hash before decoding it, with a notice', () => {
    const r = readViewState(`#${'A'.repeat(MAX_HASH_CHARS + 1)}`);
    expect(r.state).toEqual({});
    expect(r.problem).toMatch(/too long/);
  });
  it('stops inflating a small hash that unpacks to megabytes (a deflate bomb) and says so', () => {
    const json = JSON.stringify({ dataset: 'x'.repeat(8 * 1024 * 1024) });
    const packed = deflateSync(strToU8(json), { level: 9 });
    let bin = '';
    for (const b of packed) bin += String.fromCharCode(b);
    const hash = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(hash.length).toBeLessThan(MAX_HASH_CHARS);
    const r = readViewState(hash);
    expect(r.state).toEqual({});
    expect(r.problem).toMatch(new RegExp(`more than ${MAX_INFLATED_BYTES / 1024} KB`));
  });
  it('validates the schema: ill-typed or oversized fields are dropped and named, the rest is kept', () => {
    const h = encodeViewState({ dataset: 'lima-oe', prompt: 1.5, systems: Array(1000).fill('s'), view: 'browse' } as never);
    const r = readViewState(h);
    expect(r.state).toEqual({ dataset: 'lima-oe', view: 'browse' });
    expect(r.problem).toBe('Part of this link was ignored: prompt, systems have an invalid value.');
    expect(readViewState(encodeViewState({ dataset: 'a' }))).toEqual({ state: { dataset: 'a' } });
  });
  it('refuses non-object JSON and text that is not a view link', () => {
    const arr = btoa(String.fromCharCode(...deflateSync(strToU8('[1,2]')))).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(readViewState(arr)).toEqual({ state: {}, problem: "This link's view state was ignored: it does not hold a view state." });
    expect(readViewState('#section-2').problem).toMatch(/damaged or not an Overton view link/);
    expect(readViewState('#a b').problem).toMatch(/not an Overton view link/);
  });
});
