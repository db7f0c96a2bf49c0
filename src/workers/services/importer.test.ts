// ImporterService over a fake HTTP server that dies mid-import: a dataset with unread files is left out, not half-stored.
import { describe, expect, it } from 'vitest';
import type { FetchFn } from '../../core/io/http-source';
import { ImporterService } from './importer';

const enc = new TextEncoder();
const sample = (_prompt: number, text: string) => JSON.stringify({ prompt: 'x', outputs: [{ generated_text: text }] });
const files: Record<string, string> = {
  'A/instances/data.jsonl': '{"messages":[{"role":"user","content":"p0"}]}\n{"messages":[{"role":"user","content":"p1"}]}\n',
  'A/outputs/sys/samples.jsonl': `${sample(0, 'a0')}\n${sample(1, 'a1')}\n`,
  'B/instances/data.jsonl': '{"messages":[{"role":"user","content":"q0"}]}\n',
  'B/outputs/sys/samples.jsonl': `${sample(0, 'b0')}\n`,
  'B/outputs/other/samples.jsonl': `${sample(0, 'c0')}\n`,
};
const index = JSON.stringify({ files: Object.keys(files) });

/** A server at http://h/ that refuses connections for the paths in `dead` (as if it died before serving them). */
function server(dead: (path: string) => boolean): { fetch: FetchFn; hits: string[] } {
  const hits: string[] = [];
  return {
    hits,
    fetch: async (url) => {
      const path = decodeURIComponent(url.slice('http://h/'.length));
      hits.push(path);
      if (dead(path)) throw new TypeError('Failed to fetch');
      const body = path === 'overton-index.json' ? index : files[path];
      return {
        ok: body !== undefined,
        status: body === undefined ? 404 : 200,
        statusText: body === undefined ? 'Not Found' : 'OK',
        arrayBuffer: async () => enc.encode(body ?? '').buffer as ArrayBuffer,
      };
    },
  };
}

const noWait = { sleep: async () => undefined };

describe('ImporterService.importUrl when the server drops out', () => {
  it('imports everything when every file is served', async () => {
    const out = await new ImporterService(server(() => false).fetch, noWait).importUrl('http://h/');
    expect(out.datasets.map((d) => d.id)).toEqual(['A', 'B']);
    expect(out.incomplete).toEqual([]);
  });

  it('leaves out a dataset with an unread file, names the file and why, and keeps the complete one', async () => {
    const srv = server((p) => p === 'B/outputs/other/samples.jsonl');
    const out = await new ImporterService(srv.fetch, noWait).importUrl('http://h/');
    expect(out.datasets.map((d) => d.id)).toEqual(['A']);
    expect(out.incomplete).toEqual([
      {
        name: 'B',
        files: [{ path: 'B/outputs/other/samples.jsonl', message: expect.stringMatching(/Network error: could not reach h .*gave up after 4 attempts/) as unknown }],
      },
    ]);
    // The unread file was retried (1 + 3 attempts) before the dataset was given up.
    expect(srv.hits.filter((h) => h === 'B/outputs/other/samples.jsonl')).toHaveLength(4);
    // B's echo problems (e.g. "cannot read") are not in the report: the incomplete list says it.
    expect(out.problems.filter((p) => p.file.startsWith('B/'))).toEqual([]);
  });

  it('a transient failure that recovers within the retries imports the dataset whole', async () => {
    let failures = 2;
    const srv = server((p) => p === 'A/outputs/sys/samples.jsonl' && failures-- > 0);
    const out = await new ImporterService(srv.fetch, noWait).importUrl('http://h/');
    expect(out.incomplete).toEqual([]);
    const a = out.datasets.find((d) => d.id === 'A')!;
    expect(a.samples.map((s) => s.text)).toEqual(['a0', 'a1']);
  });
});
