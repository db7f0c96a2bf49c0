// SHA-256 (@noble/hashes: synchronous, and unlike crypto.subtle present on plain-HTTP LAN origins) for content identity.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Dataset } from './types';

/** Lower-case hex SHA-256 (64 characters) of `input`; strings are hashed as UTF-8. */
export function sha256Hex(input: string | Uint8Array): string {
  return bytesToHex(sha256(typeof input === 'string' ? utf8ToBytes(input) : input));
}

/** Encoded records are fed to the hasher in pieces of about this many UTF-16 units, so memory stays flat. */
const FLUSH_AT = 1 << 20;

/**
 * The identity of a dataset's content: hex SHA-256 over its id, prompts, every sample (split, system, prompt index,
 * sample index, text, error, whole-line failure), judge records, BERTScore files and summaries, in import order.
 * Any change to what a view or metric could show changes the hash; the same content always gives the same hash
 * (ids, not the storage key or import time). Each record is one JSON array per line, so fields cannot run together.
 */
export function datasetContentHash(ds: Dataset): string {
  const h = sha256.create();
  let buf = '';
  const put = (record: unknown[]) => {
    buf += JSON.stringify(record) + '\n';
    if (buf.length >= FLUSH_AT) {
      h.update(utf8ToBytes(buf));
      buf = '';
    }
  };
  put(['dataset', ds.id]);
  for (const p of ds.prompts) put(['prompt', p.index, p.id, p.text]);
  for (const s of ds.samples) put(['sample', s.split, s.system, s.prompt, s.index, s.text, s.error ?? null, s.lineFailed === true]);
  for (const j of ds.judges) put(['judge', j.kind, j.name, j.system ?? null, j.prompt, j.sample, j.line, j.content]);
  for (const b of ds.bertscore) {
    put(['bertscore', b.pair, b.ref, b.alt, b.hashcode ?? null]);
    for (const r of b.rows) put([r.prompt ?? null, r.refSample, r.altSample, r.precision, r.recall, r.f1]);
  }
  for (const s of ds.summaries) put(['summary', s.split, s.source, s.prompt, s.text]);
  h.update(utf8ToBytes(buf));
  return bytesToHex(h.digest());
}
