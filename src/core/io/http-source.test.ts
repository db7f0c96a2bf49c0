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
    const down = githubSource(PAPER_REPO, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(down.list()).rejects.toThrow(/Network error: could not reach api\.github\.com/);
  });
  it('lists the data/ folder of a GitHub tree', async () => {
    const api = `https://api.github.com/repos/${PAPER_REPO.repo}/git/trees/${PAPER_REPO.commit}?recursive=1`;
    const tree = { tree: [{ path: 'data/A/x.jsonl', type: 'blob' }, { path: 'data/A', type: 'tree' }, { path: 'lib/y.py', type: 'blob' }] };
    expect(await githubSource(PAPER_REPO, fake({ [api]: JSON.stringify(tree) })).list()).toEqual(['A/x.jsonl']);
  });
});
