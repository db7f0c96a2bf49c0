// FileSources over HTTP: a static server with an index file (`overton-index.json` or `MANIFEST.txt`), and a GitHub commit.

import type { FileSource } from './file-source';

/** The part of a `fetch` Response the sources use. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-like function (core has no DOM types; callers pass `fetch`). `url` is absolute. */
export type FetchFn = (url: string) => Promise<FetchResponse>;

/** A read or list that failed because the network or server did; `url` is what was fetched. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/** A file that is a Git LFS pointer rather than the content (raw.githubusercontent.com serves pointers as-is). */
export class LfsPointerError extends Error {
  constructor(
    readonly path: string,
    readonly size: number | undefined,
  ) {
    super(
      `${path} is a Git LFS pointer${size !== undefined ? ` to a ${size}-byte file` : ''}, not its content; ` +
        'fetch it with `git lfs pull` in a clone and open the folder instead.',
    );
    this.name = 'LfsPointerError';
  }
}

const LFS_PREFIX = 'version https://git-lfs.github.com/spec/v1';

/** True when the bytes are a Git LFS pointer file. */
export function isLfsPointer(bytes: Uint8Array): boolean {
  if (bytes.length > 1024 || bytes.length < LFS_PREFIX.length) return false;
  return new TextDecoder().decode(bytes.subarray(0, LFS_PREFIX.length)) === LFS_PREFIX;
}

function lfsSize(bytes: Uint8Array): number | undefined {
  const m = /\nsize (\d+)/.exec(new TextDecoder().decode(bytes));
  return m ? Number(m[1]) : undefined;
}

/** How {@link httpSource} and {@link githubSource} retry a fetch that failed for a passing reason. */
export interface RetryOptions {
  /** Waits after the 1st, 2nd, ... failed attempt, in ms; one more attempt than entries. Default 300, 1000, 3000. */
  delaysMs?: readonly number[];
  /** Sleeps `ms` (tests pass a fake that returns at once). Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS = [300, 1000, 3000] as const;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A network error, a 5xx or 429 may pass; a 4xx or a good response will not change on a retry. */
const transient = (e: unknown) => e instanceof FetchError && (e.status === undefined || e.status >= 500 || e.status === 429);

function hostOf(url: string): string {
  return /^[a-z]+:\/\/([^/]+)/i.exec(url)?.[1] ?? url;
}

async function getOnce(fetchFn: FetchFn, url: string): Promise<Uint8Array> {
  let res: FetchResponse;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new FetchError(
      `Network error: could not reach ${hostOf(url)} (${e instanceof Error ? e.message : String(e)}). Check the connection or the URL.`,
      url,
    );
  }
  if (!res.ok) throw new FetchError(`HTTP ${res.status} ${res.statusText} for ${url}`, url, res.status);
  try {
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    // The connection dropped after the headers: the body is cut short, which is a network failure, not data.
    throw new FetchError(`Network error: the connection to ${hostOf(url)} broke while reading (${e instanceof Error ? e.message : String(e)}).`, url);
  }
}

/**
 * A fetcher with retry and backoff on network errors, 5xx and 429. Once a fetch has used up its retries, the source
 * is taken to be down and later fetches try once without waiting (a server that died mid-import must not cost every
 * remaining file the whole backoff), until one succeeds again.
 */
function retrying(fetchFn: FetchFn, opts: RetryOptions = {}): (url: string) => Promise<Uint8Array> {
  const delays = opts.delaysMs ?? DEFAULT_DELAYS;
  const sleep = opts.sleep ?? defaultSleep;
  let down = false;
  return async (url) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const bytes = await getOnce(fetchFn, url);
        down = false;
        return bytes;
      } catch (e) {
        if (!transient(e)) throw e;
        const wait = down ? undefined : delays[attempt];
        if (wait === undefined) {
          down = true;
          const tries = attempt + 1;
          throw new FetchError(`${(e as Error).message}${tries > 1 ? ` (gave up after ${tries} attempts)` : ''}`, url, (e as FetchError).status);
        }
        await sleep(wait);
      }
    }
  };
}

/** Parses `MANIFEST.txt` (one path per line; blank lines and `#` comments ignored). */
export function parseManifest(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/^\.?\//, ''));
}

/**
 * A static server serving the paper's `data/` layout under `baseUrl` (absolute, e.g. `http://host/data/`), with
 * `overton-index.json` (`{"files": [...]}`) or else `MANIFEST.txt` listing the files. Paths are relative to `baseUrl`.
 * Network errors, 5xx and 429 are retried with backoff (`retry`); what still fails rejects with {@link FetchError}.
 */
export function httpSource(baseUrl: string, fetchFn: FetchFn, retry?: RetryOptions): FileSource {
  const get = retrying(fetchFn, retry);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const dec = new TextDecoder();
  const url = (path: string) => base + path.split('/').map(encodeURIComponent).join('/');
  return {
    label: base,
    async list() {
      try {
        const index = JSON.parse(dec.decode(await get(`${base}overton-index.json`))) as { files?: unknown };
        if (Array.isArray(index.files)) return index.files.filter((f): f is string => typeof f === 'string').sort();
      } catch (e) {
        if (e instanceof FetchError && e.status === undefined) throw e;
      }
      try {
        return parseManifest(dec.decode(await get(`${base}MANIFEST.txt`))).sort();
      } catch (e) {
        if (e instanceof FetchError && e.status !== undefined)
          throw new FetchError(`${base} has neither overton-index.json nor MANIFEST.txt (HTTP ${e.status})`, base, e.status);
        throw e;
      }
    },
    async read(path) {
      const bytes = await get(url(path));
      if (isLfsPointer(bytes)) throw new LfsPointerError(path, lfsSize(bytes));
      return bytes;
    },
  };
}

/** A public GitHub repository at one commit, one folder of it. */
export interface GitHubLocation {
  /** `owner/name`. */
  repo: string;
  /** Full commit SHA. */
  commit: string;
  /** Folder inside the repository, without slashes at the ends (e.g. `data`); '' = the whole tree. */
  dir: string;
}

/** The paper's released data: github.com/thomlake/investigating-alignment, folder `data/`, at the pinned commit. */
export const PAPER_REPO: GitHubLocation = {
  repo: 'thomlake/investigating-alignment',
  commit: '43ad98163060de6b729227f701fb6c810cce56fa',
  dir: 'data',
};

/**
 * A folder of a GitHub commit: the file list from the git-trees API, the bytes from raw.githubusercontent.com.
 * Reading an LFS pointer rejects with {@link LfsPointerError}; a truncated tree listing rejects (the API caps it).
 */
export function githubSource(loc: GitHubLocation, fetchFn: FetchFn, retry?: RetryOptions): FileSource {
  const get = retrying(fetchFn, retry);
  const prefix = loc.dir ? `${loc.dir}/` : '';
  const dec = new TextDecoder();
  return {
    label: `github:${loc.repo}@${loc.commit.slice(0, 7)}${loc.dir ? `/${loc.dir}` : ''}`,
    async list() {
      const api = `https://api.github.com/repos/${loc.repo}/git/trees/${loc.commit}?recursive=1`;
      const tree = JSON.parse(dec.decode(await get(api))) as {
        tree?: { path: string; type: string }[];
        truncated?: boolean;
      };
      if (tree.truncated) throw new FetchError(`GitHub truncated the file list of ${loc.repo}; clone it and open the folder instead.`, api);
      return (tree.tree ?? [])
        .filter((e) => e.type === 'blob' && e.path.startsWith(prefix))
        .map((e) => e.path.slice(prefix.length))
        .sort();
    },
    async read(path) {
      const raw = `https://raw.githubusercontent.com/${loc.repo}/${loc.commit}/${prefix}${path.split('/').map(encodeURIComponent).join('/')}`;
      const bytes = await get(raw);
      if (isLfsPointer(bytes)) throw new LfsPointerError(path, lfsSize(bytes));
      return bytes;
    },
  };
}
