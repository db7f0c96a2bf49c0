// The small typed view state kept in the URL hash, packed as JSON + deflate + base64url (as embedding-atlas does).

import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';

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

/** Longest hash (base64url characters) a link may carry; a real view state packs to a few hundred. */
export const MAX_HASH_CHARS = 16_384;
/** Most bytes the hash may inflate to; the inflater stops as soon as it passes this, so a zip bomb costs nothing. */
export const MAX_INFLATED_BYTES = 256 * 1024;
/** Longest string field (dataset key, system handle, view id...) accepted from a link. */
const MAX_STRING = 512;
/** Most systems / projection entries accepted from a link. */
const MAX_ITEMS = 256;

/** The outcome of reading a link: the state to apply, and why (part of) it was refused, if it was. */
export interface DecodedViewState {
  state: ViewState;
  /** A short sentence for the user when the link was refused or fields were dropped; undefined when all was well. */
  problem?: string;
}

/** Thrown inside the decoder when the inflated text passes {@link MAX_INFLATED_BYTES}. */
class TooLarge extends Error {}

/** Inflates with a running count, aborting at `cap` output bytes instead of allocating whatever the input claims. */
function boundedInflate(bytes: Uint8Array, cap: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) throw new TooLarge();
    parts.push(chunk);
  });
  // Feed small slices so the output callback runs (and can stop us) long before a bomb is fully expanded.
  const step = 1024;
  for (let i = 0; i < bytes.length; i += step) inflater.push(bytes.subarray(i, i + step), i + step >= bytes.length);
  if (bytes.length === 0) inflater.push(new Uint8Array(0), true);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const isStr = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_STRING;

/**
 * The link schema: one validator per {@link ViewState} field. The mapped type makes a new ViewState field a type error
 * here until it gets a validator, so extending the state (e.g. more projection parameters) is one line.
 */
const FIELDS: { [K in keyof ViewState]-?: (x: unknown) => x is NonNullable<ViewState[K]> } = {
  dataset: isStr,
  split: isStr,
  view: isStr,
  metric: isStr,
  colorBy: isStr,
  prompt: (x): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 1e9,
  systems: (x): x is string[] => Array.isArray(x) && x.length <= MAX_ITEMS && x.every(isStr),
  projection: (x): x is Record<string, number | string> =>
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    Object.keys(x).length <= MAX_ITEMS &&
    Object.entries(x).every(([k, v]) => k.length <= MAX_STRING && ((typeof v === 'number' && Number.isFinite(v)) || isStr(v))),
};

/**
 * Reads a hash (with or without `#`) into a view state, refusing what a link should never hold: more than
 * {@link MAX_HASH_CHARS} characters, text that is not base64url + deflate + JSON, more than {@link MAX_INFLATED_BYTES}
 * once inflated, or a JSON value that is not an object. A refused link yields `{}` and a `problem`; fields that fail
 * the schema are dropped (the rest is kept) and named in `problem`; unknown fields (from a newer version) are ignored.
 * Never throws.
 */
export function readViewState(hash: string): DecodedViewState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!text) return { state: {} };
  const refused = (why: string): DecodedViewState => ({ state: {}, problem: `This link's view state was ignored: ${why}.` });
  if (text.length > MAX_HASH_CHARS) return refused(`it is too long (${text.length.toLocaleString('en')} characters; links hold at most ${MAX_HASH_CHARS.toLocaleString('en')})`);
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return refused('it is not an Overton view link');
  let value: unknown;
  try {
    value = JSON.parse(strFromU8(boundedInflate(fromBase64Url(text), MAX_INFLATED_BYTES)));
  } catch (e) {
    if (e instanceof TooLarge) return refused(`it unpacks to more than ${MAX_INFLATED_BYTES / 1024} KB`);
    return refused('it is damaged or not an Overton view link');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refused('it does not hold a view state');
  const v = value as Record<string, unknown>;
  const state: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const [k, ok] of Object.entries(FIELDS) as [keyof ViewState, (x: unknown) => boolean][]) {
    if (!(k in v)) continue;
    if (ok(v[k])) state[k] = v[k];
    else bad.push(k);
  }
  return bad.length
    ? { state: state as ViewState, problem: `Part of this link was ignored: ${bad.join(', ')} ${bad.length === 1 ? 'has' : 'have'} an invalid value.` }
    : { state: state as ViewState };
}

/** Reads a hash into a view state; anything refused by {@link readViewState} yields `{}` (or the valid fields). */
export function decodeViewState(hash: string): ViewState {
  return readViewState(hash).state;
}
