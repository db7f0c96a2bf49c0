// StopScanner: held-back prefixes, cuts at the earliest stop string, releases the tail at the end.
import { describe, expect, it } from 'vitest';
import { StopScanner } from './stop-strings';

function run(stops: string[], deltas: string[]): { shown: string[]; text: string; stopped: boolean } {
  const s = new StopScanner(stops);
  const shown: string[] = [];
  for (const d of deltas) {
    const step = s.push(d);
    shown.push(step.emit);
    if (step.stopped) break;
  }
  shown.push(s.finish());
  return { shown, text: s.text, stopped: s.stopped };
}

describe('StopScanner', () => {
  it('never shows a partial stop string and cuts before it', () => {
    const r = run(['```'], ['Hello ', 'world`', '`', '` more']);
    expect(r.shown).toEqual(['Hello ', 'world', '', '', '']);
    expect(r.text).toBe('Hello world');
    expect(r.stopped).toBe(true);
  });

  it('releases a held prefix that did not become a stop string', () => {
    const r = run(['```'], ['a`', '`b', 'c']);
    expect(r.shown.join('')).toBe('a``bc');
    expect(r.stopped).toBe(false);
  });

  it('cuts at the earliest of several stop strings, even inside one delta', () => {
    const r = run(['# Query', '\n\n'], ['one\n\ntwo # Query']);
    expect(r.text).toBe('one');
    expect(r.shown.join('')).toBe('one');
  });

  it('finds a stop string spanning deltas', () => {
    const r = run(['STOP'], ['abc S', 'T', 'OPdef']);
    expect(r.text).toBe('abc ');
    expect(r.shown.join('')).toBe('abc ');
  });

  it('with no stop strings shows everything at once', () => {
    const r = run([], ['a', 'b']);
    expect(r.shown).toEqual(['a', 'b', '']);
    expect(r.stopped).toBe(false);
  });

  it('what was shown always equals the final text', () => {
    const stops = ['ab', 'bca'];
    const deltas = ['x', 'b', 'c', 'b', 'b', 'c', 'a', 'z'];
    const r = run(stops, deltas);
    expect(r.shown.join('')).toBe(r.text);
    expect(r.text).toBe('xbcb');
  });
});
