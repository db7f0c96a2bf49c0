// The "Static server URL" check: only absolute http(s) addresses get fetched.
import { describe, expect, it } from 'vitest';
import { parseSourceUrl } from './source-url';

describe('parseSourceUrl', () => {
  it('accepts http(s) addresses and makes them folders', () => {
    expect(parseSourceUrl(' https://example.org/data ')).toEqual({ ok: true, url: 'https://example.org/data/' });
    expect(parseSourceUrl('http://127.0.0.1:4208/__data/')).toEqual({ ok: true, url: 'http://127.0.0.1:4208/__data/' });
  });
  it('refuses text that is not an http(s) address, with a message', () => {
    for (const bad of ['', 'hello world', 'data/', '/__data/', 'file:///etc/passwd', 'javascript:alert(1)', 'ftp://h/x']) {
      const r = parseSourceUrl(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/http|address/);
    }
  });
});
