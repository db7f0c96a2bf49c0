// The HTTP and GitHub sources over a fake fetch: index files, LFS pointers, network errors.
import { describe, expect, it } from 'vitest';
import { githubSource, httpSource, LfsPointerError, PAPER_REPO, type FetchFn } from './http-source';

const enc = new TextEncoder();
const fake = (files: Record<string, string>): FetchFn => async (url) => {
  const body = files[url];
  return {
    ok: body !== undefined,
    status: body === undefined ? 404 : 200,
    statusText: body === undefined ? 'Not Found' : 'OK',
    arrayBuffer: async () => enc.encode(body ?? '').buffer as ArrayBuffer,
  };
};

describe('httpSource', () => {
  it('lists from overton-index.json, else MANIFEST.txt', async () => {
    const a = httpSource('http://h/d', fake({ 'http://h/d/overton-index.json': '{"files":["b","a"]}' }));
    expect(await a.list()).toEqual(['a', 'b']);
    const b = httpSource('http://h/d/', fake({ 'http://h/d/MANIFEST.txt': 'X/instances/data.jsonl\n\n' }));
    expect(await b.list()).toEqual(['X/instances/data.jsonl']);
  });
  it('rejects LFS pointers and reports network errors with the host', async () => {
    const s = httpSource('http://h/', fake({ 'http://h/f': 'version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 99\n' }));
    await expect(s.read('f')).rejects.toBeInstanceOf(LfsPointerError);
    const down = githubSource(
      PAPER_REPO,
      async () => {
        throw new TypeError('Failed to fetch');
      },
      { sleep: async () => undefined },
    );
    await expect(down.list()).rejects.toThrow(/Network error: could not reach api\.github\.com/);
  });
  it('lists the data/ folder of a GitHub tree', async () => {
    const api = `https://api.github.com/repos/${PAPER_REPO.repo}/git/trees/${PAPER_REPO.commit}?recursive=1`;
    const tree = { tree: [{ path: 'data/A/x.jsonl', type: 'blob' }, { path: 'data/A', type: 'tree' }, { path: 'lib/y.py', type: 'blob' }] };
    expect(await githubSource(PAPER_REPO, fake({ [api]: JSON.stringify(tree) })).list()).toEqual(['A/x.jsonl']);
  });

  it('retries network errors and 5xx with backoff, and a body cut short counts as a network error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const flaky: FetchFn = async () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch');
      if (calls === 2) return { ok: false, status: 503, statusText: 'Service Unavailable', arrayBuffer: async () => new ArrayBuffer(0) };
      if (calls === 3) return { ok: true, status: 200, statusText: 'OK', arrayBuffer: async () => Promise.reject(new TypeError('network error')) };
      return { ok: true, status: 200, statusText: 'OK', arrayBuffer: async () => enc.encode('hello').buffer as ArrayBuffer };
    };
    const s = httpSource('http://h/', flaky, { sleep: async (ms) => void waits.push(ms) });
    expect(new TextDecoder().decode(await s.read('f'))).toBe('hello');
    expect(calls).toBe(4);
    expect(waits).toEqual([300, 1000, 3000]);
  });
  it('does not retry a 404, and once a read gave up the next ones fail without waiting', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const missing = httpSource('http://h/', fake({}), { sleep });
    await expect(missing.read('f')).rejects.toThrow(/HTTP 404/);
    expect(waits).toEqual([]);
    let up = false;
    const dead = httpSource('http://h/', async () => {
      if (!up) throw new TypeError('Failed to fetch');
      return { ok: true, status: 200, statusText: 'OK', arrayBuffer: async () => enc.encode('x').buffer as ArrayBuffer };
    }, { sleep });
    await expect(dead.read('a')).rejects.toThrow(/could not reach h .*gave up after 4 attempts/);
    expect(waits).toEqual([300, 1000, 3000]);
    await expect(dead.read('b')).rejects.toThrow(/could not reach h/);
    expect(waits).toHaveLength(3);
    up = true;
    expect(await dead.read('c')).toEqual(enc.encode('x'));
  });
});
