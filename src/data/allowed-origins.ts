// The origins the user allowed the app to connect to (beyond its own), read by the CSP bootstrap before the app loads.

/**
 * localStorage key holding a JSON array of origins (`https://host[:port]`). `public/csp-connect.js` reads the same key
 * to write the page's `connect-src` policy before any app code runs, so a change takes effect on the next load.
 */
export const ALLOWED_ORIGINS_KEY = 'overton:allowed-origins';

/** The hosts "Load the paper's data" reads from (the git-trees API and raw file contents). */
export const GITHUB_ORIGINS = ['https://api.github.com', 'https://raw.githubusercontent.com'] as const;

/** The Hugging Face Hub and the CDNs its file downloads redirect to. */
export const HUB_ORIGINS = ['https://huggingface.co', 'https://cdn-lfs.huggingface.co', 'https://cdn-lfs-us-1.hf.co', 'https://cas-bridge.xethub.hf.co'] as const;

/** The part of `Storage` used here (tests pass a Map-backed fake). */
export type OriginStore = Pick<Storage, 'getItem' | 'setItem'>;

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/** The origin of an absolute http(s) URL, or null for anything else (relative paths, other schemes). */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ORIGIN.test(u.origin) ? u.origin : null;
  } catch {
    return null;
  }
}

function store(s?: OriginStore): OriginStore | null {
  if (s) return s;
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Origins the user allowed, in the order allowed; malformed entries are skipped. */
export function allowedOrigins(s?: OriginStore): string[] {
  try {
    const v: unknown = JSON.parse(store(s)?.getItem(ALLOWED_ORIGINS_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((o): o is string => typeof o === 'string' && ORIGIN.test(o)) : [];
  } catch {
    return [];
  }
}

/**
 * Whether the page may connect to `url` now: same-origin URLs always, others when their origin was allowed *before*
 * this page loaded (the policy is written once per load), or when the page runs without the CSP (dev server).
 * `here` is the page's origin.
 */
export function canConnect(url: string, here: string = location.origin, s?: OriginStore): boolean {
  const o = originOf(url);
  if (o === null || o === here) return true;
  if (typeof document === 'undefined') return allowedOrigins(s).includes(o);
  // What the policy in force holds (written by csp-connect.js at load), not what storage says now.
  const marker = document.querySelector<HTMLMetaElement>('meta[name="overton-connect-src"]');
  if (!marker) return true;
  return marker.content.split(' ').includes(o);
}

/**
 * Adds the origins of `urls` to the allowed list (persisted). Returns true when something was added: the page then
 * has to reload for the new `connect-src` to apply (a CSP can only be tightened after load).
 */
export function allowOrigins(urls: readonly string[], s?: OriginStore): boolean {
  const st = store(s);
  if (!st) return false;
  const have = allowedOrigins(st);
  const add = urls.map(originOf).filter((o): o is string => o !== null && !have.includes(o));
  if (!add.length) return false;
  st.setItem(ALLOWED_ORIGINS_KEY, JSON.stringify([...have, ...new Set(add)]));
  return true;
}

/** {@link allowOrigins} for one URL. */
export function allowOrigin(url: string, s?: OriginStore): boolean {
  return allowOrigins([url], s);
}

/** Removes an origin from the allowed list (takes effect on the next load). */
export function forgetOrigin(origin: string, s?: OriginStore): void {
  const st = store(s);
  st?.setItem(ALLOWED_ORIGINS_KEY, JSON.stringify(allowedOrigins(st).filter((o) => o !== origin)));
}
