// The small typed view state kept in the URL hash, packed as JSON + deflate + base64url (as embedding-atlas does).

import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/**
 * What a link must reproduce: which dataset, prompt, systems and view are shown. Every field is optional so an
 * empty hash is a valid state; other views may add optional fields (additively) for their own parameters.
 */
export interface ViewState {
  /** Workspace key of the open dataset (see `data/workspace.ts`). */
  dataset?: string;
  /** Prompt index (0-based line of `instances/data.jsonl`). */
  prompt?: number;
  /** System handles shown side by side, in column order. */
  systems?: string[];
  /** Decoding split, `outputs` (default) or `outputs-temp0`. */
  split?: string;
  /** Active view id from `app/views.ts`. */
  view?: string;
  /** Metric shown by metric views (a METRICS.md name). */
  metric?: string;
  /** What points are coloured by in map views. */
  colorBy?: string;
  /** Projection parameters of map views, e.g. `{ nNeighbors: 15, minDist: 0.1, seed: 42 }`. */
  projection?: Record<string, number | string>;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Packs a view state into a URL-hash-safe string (no leading `#`); undefined fields are dropped. */
export function encodeViewState(state: ViewState): string {
  const json = JSON.stringify(state);
  if (json === '{}') return '';
  return toBase64Url(deflateSync(strToU8(json), { level: 9 }));
}

/** Reads a hash (with or without `#`) back into a view state; anything malformed yields `{}` rather than throwing. */
export function decodeViewState(hash: string): ViewState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(strFromU8(inflateSync(fromBase64Url(text))));
    return sanitize(value);
  } catch {
    return {};
  }
}

/** Keeps only well-typed known fields, so a hand-edited or stale link cannot put odd values into the app. */
function sanitize(value: unknown): ViewState {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: ViewState = {};
  const str = (k: 'dataset' | 'split' | 'view' | 'metric' | 'colorBy') => {
    if (typeof v[k] === 'string') out[k] = v[k];
  };
  str('dataset');
  str('split');
  str('view');
  str('metric');
  str('colorBy');
  if (typeof v.prompt === 'number' && Number.isInteger(v.prompt) && v.prompt >= 0) out.prompt = v.prompt;
  if (Array.isArray(v.systems) && v.systems.every((s) => typeof s === 'string')) out.systems = v.systems as string[];
  if (typeof v.projection === 'object' && v.projection !== null && !Array.isArray(v.projection)) {
    out.projection = Object.fromEntries(
      Object.entries(v.projection).filter(([, x]) => typeof x === 'number' || typeof x === 'string'),
    ) as Record<string, number | string>;
  }
  return out;
}
