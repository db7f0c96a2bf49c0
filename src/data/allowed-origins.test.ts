// The allowed-origins list behind the page's connect-src policy: parsing, persistence, and "takes effect on reload".
import { describe, expect, it } from 'vitest';
import { allowedOrigins, allowOrigin, allowOrigins, ALLOWED_ORIGINS_KEY, canConnect, forgetOrigin, originOf, type OriginStore } from './allowed-origins';

const memory = (init?: string): OriginStore & { data: Map<string, string> } => {
  const data = new Map<string, string>(init === undefined ? [] : [[ALLOWED_ORIGINS_KEY, init]]);
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('allowed origins', () => {
  it('keeps only http(s) origins, once each, and persists them as JSON', () => {
    const s = memory();
    expect(allowOrigin('https://api.github.com/repos/x?y=1', s)).toBe(true);
    expect(allowOrigin('https://api.github.com/other', s)).toBe(false);
    expect(allowOrigins(['javascript:alert(1)', 'file:///etc', '/relative', 'http://localhost:8080/v1/'], s)).toBe(true);
    expect(allowedOrigins(s)).toEqual(['https://api.github.com', 'http://localhost:8080']);
    expect(JSON.parse(s.data.get(ALLOWED_ORIGINS_KEY)!)).toEqual(['https://api.github.com', 'http://localhost:8080']);
    forgetOrigin('https://api.github.com', s);
    expect(allowedOrigins(s)).toEqual(['http://localhost:8080']);
  });
  it('ignores a hand-edited list that is not JSON or holds odd entries', () => {
    expect(allowedOrigins(memory('not json'))).toEqual([]);
    expect(allowedOrigins(memory('["https://ok.example", "https://x.example/path", 3, "https://a b"]'))).toEqual(['https://ok.example']);
    expect(originOf('https://user:pw@host.example/x')).toBe('https://host.example');
  });
  it('same-origin and relative URLs may always be fetched; others only when allowed (no document: the stored list)', () => {
    const s = memory();
    expect(canConnect('/__data/x', 'http://127.0.0.1:4208', s)).toBe(true);
    expect(canConnect('http://127.0.0.1:4208/__data/', 'http://127.0.0.1:4208', s)).toBe(true);
    expect(canConnect('https://api.github.com/x', 'http://127.0.0.1:4208', s)).toBe(false);
    allowOrigin('https://api.github.com', s);
    expect(canConnect('https://api.github.com/x', 'http://127.0.0.1:4208', s)).toBe(true);
  });
});
