// IndexedDB persistence of imported datasets: one meta record per dataset plus column-packed chunks, so 40k samples load fast.

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { DatasetId, SystemId } from '../core/model/ids';
import { datasetContentHash, sha256Hex } from '../core/model/content-hash';
import { applySystemOverrides, type SystemOverride } from '../core/model/system';
import type {
  BertScoreFile,
  Dataset,
  JudgeRecord,
  Prompt,
  Sample,
  Summary,
  SystemInfo,
} from '../core/model/types';

/** What the workspace knows about a stored dataset without loading its samples. */
export interface DatasetMeta {
  /** Workspace key (stable, unique, used in the URL). */
  key: string;
  /** Display name (the dataset folder name until renamed). */
  name: string;
  /** The dataset's id as imported (folder name). */
  datasetId: DatasetId;
  /** Where it came from: a folder label, URL or `github:<repo>@<commit>`. */
  source: string;
  /** Import time, ms since epoch. */
  importedAt: number;
  /** Approximate stored size in bytes (UTF-16 text counted as 2 bytes per char is overkill; this counts JSON chars). */
  bytes: number;
  /** `datasetContentHash` (hex SHA-256 of everything the dataset holds, core/model/content-hash.ts): put it in keys of results computed from it. */
  contentHash: string;
  prompts: Prompt[];
  systems: SystemInfo[];
  /** Splits present (e.g. `outputs`, `outputs-temp0`), sorted with `outputs` first. */
  splits: string[];
  /** For each split, the systems that have samples in it. */
  systemsBySplit: Record<string, SystemId[]>;
  sampleCount: number;
  failedCount: number;
  judgeCount: number;
  /**
   * Kinds and teachers the user set per system (Library → Systems), already applied to `systems`, which is what every
   * view reads. `systemsAsImported` keeps the systems as described from their handles, so overrides can be undone.
   */
  systemOverrides?: Record<string, SystemOverride>;
  systemsAsImported?: SystemInfo[];
  /**
   * Hex SHA-256 of each (split, system)'s samples, keyed `<split>/<system>`. Key results that read only some
   * systems with {@link systemsContentKey}, so appending a system leaves them cached. Absent on datasets stored
   * before it existed (filled in at their first append).
   */
  systemHashes?: Record<string, string>;
  /** Generation runs that made systems of this dataset (the hint lab), by system id. */
  runs?: Record<string, GeneratedRun>;
}

/**
 * What a figure config records of its dataset so `overton figure` rebuilds it from the data folder: the dataset's id
 * (the workspace key may carry a `-2` suffix) and the kinds/teachers the user set, which change rows and colours.
 */
export function figureDatasetParams(meta: DatasetMeta | undefined): Record<string, unknown> {
  if (!meta) return {};
  return { dataset: meta.datasetId, ...(meta.systemOverrides ? { systemOverrides: meta.systemOverrides } : {}) };
}

/** How a generated system was made, saved with it so it can be compared, exported and rerun. */
export interface GeneratedRun {
  /** The run configuration as JSON (engine/endpoint and model, template, examples, hint, sampling parameters). */
  config: unknown;
  /** The split its samples live in (`outputs`). */
  split: string;
  /** Prompts the run covers, in run order. */
  prompts: number[];
  /** Samples asked for per prompt. */
  samplesPerPrompt: number;
  /** `running` is what a reload finds after an interrupted run: it resumes from the stored samples. */
  status: 'running' | 'paused' | 'done' | 'cancelled' | 'failed';
  /** The last error, when status is `failed` (or some samples failed). */
  error?: string;
  createdAt: number;
  updatedAt: number;
}

/** Samples of one (split, system), column-packed: the i-th sample is `prompt[i]`, `index[i]`, `text[i]`, ... */
interface SampleChunk {
  prompt: Int32Array;
  index: Int32Array;
  text: (string | null)[];
  /** Sparse: only samples with a value have an entry. */
  raw: Record<number, string>;
  error: Record<number, string>;
  finishReason: Record<number, string>;
  lineFailed: Record<number, true>;
}

interface ChunkRecord {
  dataset: string;
  id: string;
  data: SampleChunk | JudgeRecord[] | BertScoreFile[] | Summary[];
}

interface WorkspaceDb extends DBSchema {
  datasets: { key: string; value: DatasetMeta };
  chunks: { key: [string, string]; value: ChunkRecord };
  settings: { key: string; value: unknown };
}

const DB_NAME = 'overton-workspace';
let dbPromise: Promise<IDBPDatabase<WorkspaceDb>> | null = null;

function db(): Promise<IDBPDatabase<WorkspaceDb>> {
  dbPromise ??= openDB<WorkspaceDb>(DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('datasets', { keyPath: 'key' });
      d.createObjectStore('chunks', { keyPath: ['dataset', 'id'] });
      d.createObjectStore('settings');
    },
  }).catch((e: unknown) => {
    dbPromise = null;
    throw e;
  });
  return dbPromise;
}

/** Thrown when the browser refuses to store more; the UI shows it instead of losing the import silently. */
export class QuotaError extends Error {
  constructor(cause: unknown) {
    super(
      'The browser ran out of storage space for the workspace (QuotaExceededError). Delete a dataset or free disk space, then import again.',
      { cause },
    );
    this.name = 'QuotaError';
  }
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

const samplesChunkId = (split: string, system: string) => `samples/${split}/${system}`;

function packSamples(samples: Sample[]): SampleChunk {
  const n = samples.length;
  const chunk: SampleChunk = {
    prompt: new Int32Array(n),
    index: new Int32Array(n),
    text: new Array<string | null>(n),
    raw: {},
    error: {},
    finishReason: {},
    lineFailed: {},
  };
  samples.forEach((s, i) => {
    chunk.prompt[i] = s.prompt;
    chunk.index[i] = s.index;
    chunk.text[i] = s.text;
    if (s.raw !== undefined) chunk.raw[i] = s.raw;
    if (s.error !== undefined) chunk.error[i] = s.error;
    if (s.finishReason !== undefined) chunk.finishReason[i] = s.finishReason;
    if (s.lineFailed) chunk.lineFailed[i] = true;
  });
  return chunk;
}

function unpackSamples(chunk: SampleChunk, system: SystemId, split: string): Sample[] {
  const out: Sample[] = new Array<Sample>(chunk.text.length);
  for (let i = 0; i < chunk.text.length; i++) {
    const s: Sample = { prompt: chunk.prompt[i]!, system, split, index: chunk.index[i]!, text: chunk.text[i]! };
    if (i in chunk.raw) s.raw = chunk.raw[i];
    if (i in chunk.error) s.error = chunk.error[i];
    if (i in chunk.finishReason) s.finishReason = chunk.finishReason[i];
    if (i in chunk.lineFailed) s.lineFailed = true;
    out[i] = s;
  }
  return out;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'dataset';
}

/** Every stored dataset, sorted by name. */
export async function listDatasets(): Promise<DatasetMeta[]> {
  const all = await (await db()).getAll('datasets');
  return all.sort((a, b) => a.name.localeCompare(b.name) || a.importedAt - b.importedAt);
}

/** One dataset's meta record, or undefined if no such key. */
export async function getDatasetMeta(key: string): Promise<DatasetMeta | undefined> {
  return (await db()).get('datasets', key);
}

/** How {@link saveDataset} treats a dataset that is already stored. */
export interface SaveOptions {
  /**
   * Replace a stored dataset with the same `source` and dataset id (same key and display name; its chunks are
   * swapped in one transaction), e.g. the same URL fetched again. Otherwise the new one is stored beside it under a
   * distinct display name (`LIMA-OE (2)`).
   */
  replaceSameSource?: boolean;
  /** The importer worker's `datasetContentHash(dataset)`; computed here when absent. */
  contentHash?: string;
}

/** Meta of a stored dataset plus whether it replaced an earlier copy. */
export type SavedDataset = DatasetMeta & { replaced?: boolean };

/** `name`, or `name (2)`, `name (3)`... whichever is not a display name in `taken`. */
export function distinctName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  let i = 2;
  while (taken.has(`${name} (${i})`)) i++;
  return `${name} (${i})`;
}

/**
 * Stores an imported dataset under a fresh key (the folder name, suffixed `-2`, `-3`... if taken) and returns
 * its meta; see {@link SaveOptions} for an already stored copy and for `contentHash`. Rejects with {@link QuotaError}
 * when storage is full; nothing half-written is left behind.
 */
export async function saveDataset(dataset: Dataset, source: string, opts: SaveOptions = {}): Promise<SavedDataset> {
  const d = await db();
  const stored = await d.getAll('datasets');
  const previous = opts.replaceSameSource ? stored.find((m) => m.source === source && m.datasetId === dataset.id) : undefined;
  const taken = new Set(stored.map((m) => m.key));
  const base = slug(dataset.id);
  let key = previous?.key ?? base;
  if (!previous) for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
  const name = previous?.name ?? distinctName(dataset.id, new Set(stored.map((m) => m.name)));

  const groups = new Map<string, Sample[]>();
  for (const s of dataset.samples) {
    const id = samplesChunkId(s.split, s.system);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = []));
    g.push(s);
  }
  const systemsBySplit: Record<string, SystemId[]> = {};
  const chunks: ChunkRecord[] = [];
  const systemHashes: Record<string, string> = {};
  let bytes = 0;
  let failedCount = 0;
  for (const [id, samples] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const { split, system } = samples[0]!;
    (systemsBySplit[split] ??= []).push(system);
    for (const s of samples) {
      if (s.text === null) failedCount += 1;
      const t = s.text ?? s.error ?? '';
      bytes += t.length + 16;
    }
    systemHashes[`${split}/${system}`] = await chunkHash(samples);
    chunks.push({ dataset: key, id, data: packSamples(samples) });
  }
  const byJudge = new Map<string, JudgeRecord[]>();
  for (const j of dataset.judges) {
    const id = `judges/${j.kind}/${j.name}`;
    let g = byJudge.get(id);
    if (!g) byJudge.set(id, (g = []));
    g.push(j);
    bytes += (j.content?.length ?? 0) + 32;
  }
  for (const [id, data] of byJudge) chunks.push({ dataset: key, id, data });
  chunks.push({ dataset: key, id: 'bertscore', data: dataset.bertscore });
  chunks.push({ dataset: key, id: 'summaries', data: dataset.summaries });
  bytes += dataset.bertscore.reduce((n, f) => n + f.rows.length * 40, 0);
  bytes += dataset.summaries.reduce((n, s) => n + (s.text?.length ?? 0) + 16, 0);
  bytes += dataset.prompts.reduce((n, p) => n + p.text.length + 16, 0);

  const splits = Object.keys(systemsBySplit).sort((a, b) =>
    a === 'outputs' ? -1 : b === 'outputs' ? 1 : a.localeCompare(b),
  );
  const fresh: DatasetMeta = {
    key,
    name,
    datasetId: dataset.id,
    source,
    importedAt: Date.now(),
    bytes,
    contentHash: opts.contentHash ?? datasetContentHash(dataset),
    prompts: dataset.prompts,
    systems: dataset.systems,
    splits,
    systemsBySplit,
    sampleCount: dataset.samples.length,
    failedCount,
    judgeCount: dataset.judges.length,
    systemHashes,
  };
  // A re-import of the same source keeps the kinds and teachers the user set for its systems.
  const meta = previous?.systemOverrides && Object.keys(previous.systemOverrides).length ? withOverrides(fresh, previous.systemOverrides) : fresh;
  try {
    const tx = d.transaction(['datasets', 'chunks'], 'readwrite');
    // The old copy's chunks go in the same transaction as the new ones arrive: a failure leaves the old copy whole.
    const clear = previous ? [tx.objectStore('chunks').delete(IDBKeyRange.bound([key, ''], [key, '\uffff']))] : [];
    await Promise.all([...clear, ...chunks.map((c) => tx.objectStore('chunks').put(c)), tx.objectStore('datasets').put(meta), tx.done]);
  } catch (e) {
    if (isQuotaError(e) || isQuotaError((e as { cause?: unknown }).cause)) throw new QuotaError(e);
    throw e;
  }
  return previous ? { ...meta, replaced: true } : meta;
}

/**
 * Saves the user's kind / teacher per system for a dataset and applies them to `meta.systems` (and to `loadDataset`,
 * which reads the systems from the meta). `contentHash` changes with them, so every result keyed by it (overview,
 * semantic tables, the measurer's copy) is recomputed with the new kinds; an empty `overrides` restores the imported
 * description.
 */
export async function setSystemOverrides(key: string, overrides: Record<string, SystemOverride>): Promise<DatasetMeta> {
  const d = await db();
  const meta = await d.get('datasets', key);
  if (!meta) throw new Error(`No dataset ${key} in the workspace`);
  const next = withOverrides(meta, overrides);
  await d.put('datasets', next);
  return next;
}

/** `meta` with `overrides` applied to the systems as imported, and the matching `contentHash` suffix. */
function withOverrides(meta: DatasetMeta, overrides: Record<string, SystemOverride>): DatasetMeta {
  const imported = meta.systemsAsImported ?? meta.systems;
  const baseHash = meta.contentHash.split('+')[0]!;
  const kept = Object.fromEntries(Object.entries(overrides).filter(([id]) => imported.some((s) => s.id === id)));
  const suffix = Object.keys(kept).length
    ? `+${sha256Hex(JSON.stringify(Object.entries(kept).sort(([a], [b]) => a.localeCompare(b)))).slice(0, 16)}`
    : '';
  return { ...meta, systems: applySystemOverrides(imported, kept), systemsAsImported: imported, systemOverrides: kept, contentHash: baseHash + suffix };
}

/** Renames a stored dataset (display name only; the key and URL stay). */
export async function renameDataset(key: string, name: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('datasets', 'readwrite');
  const meta = await tx.store.get(key);
  if (!meta) throw new Error(`No dataset ${key} in the workspace`);
  await tx.store.put({ ...meta, name });
  await tx.done;
}

/** Deletes a dataset and all its chunks. */
export async function deleteDataset(key: string): Promise<void> {
  const d = await db();
  const tx = d.transaction(['datasets', 'chunks'], 'readwrite');
  await Promise.all([
    tx.objectStore('datasets').delete(key),
    tx.objectStore('chunks').delete(IDBKeyRange.bound([key, ''], [key, '\uffff'])),
    tx.done,
  ]);
}

/** Samples of one (split, system), in stored order (by prompt, then sample index); [] if none. */
export async function loadSamples(key: string, split: string, system: string): Promise<Sample[]> {
  const rec = await (await db()).get('chunks', [key, samplesChunkId(split, system)]);
  return rec ? unpackSamples(rec.data as SampleChunk, system as SystemId, split) : [];
}

/** The records of one judge folder (`kind`, `name`), [] if none. */
export async function loadJudges(key: string, kind: JudgeRecord['kind'], name: string): Promise<JudgeRecord[]> {
  const rec = await (await db()).get('chunks', [key, `judges/${kind}/${name}`]);
  return (rec?.data as JudgeRecord[] | undefined) ?? [];
}

/** The dataset's summaries (the paper's semantic hints), [] if it has none. */
export async function loadSummaries(key: string): Promise<Summary[]> {
  const rec = await (await db()).get('chunks', [key, 'summaries']);
  return (rec?.data as Summary[] | undefined) ?? [];
}

/** The whole dataset as imported (all splits, judges, BERTScore, summaries). */
export async function loadDataset(key: string): Promise<Dataset> {
  const d = await db();
  const meta = await d.get('datasets', key);
  if (!meta) throw new Error(`No dataset ${key} in the workspace`);
  const recs = await d.getAll('chunks', IDBKeyRange.bound([key, ''], [key, '\uffff']));
  const ds: Dataset = {
    id: meta.datasetId,
    prompts: meta.prompts,
    systems: meta.systems,
    samples: [],
    judges: [],
    bertscore: [],
    summaries: [],
  };
  for (const r of recs) {
    if (r.id.startsWith('samples/')) {
      const [, split, ...system] = r.id.split('/');
      for (const s of unpackSamples(r.data as SampleChunk, system.join('/') as SystemId, split!)) ds.samples.push(s);
    } else if (r.id.startsWith('judges/')) for (const j of r.data as JudgeRecord[]) ds.judges.push(j);
    else if (r.id === 'bertscore') ds.bertscore = r.data as BertScoreFile[];
    else if (r.id === 'summaries') ds.summaries = r.data as Summary[];
  }
  return ds;
}

/** A small persisted setting (e.g. which server data URLs were already imported once). */
export async function getSetting<T>(name: string): Promise<T | undefined> {
  return (await (await db()).get('settings', name)) as T | undefined;
}

/** Stores a small setting. */
export async function setSetting(name: string, value: unknown): Promise<void> {
  await (await db()).put('settings', value, name);
}

/** Hash of one (split, system)'s samples: order, indices, texts and errors. */
function chunkHash(samples: readonly Sample[]): Promise<string> {
  return Promise.resolve(sha256Hex(samples.map((s) => `${s.prompt}:${s.index}:${s.text === null ? `!${s.error ?? ''}` : s.text}`).join('\u0000')));
}

/**
 * A cache-key part for results that read only `systems` of `split`: it changes when those systems' samples
 * change and not when other systems are appended. Falls back to the whole-dataset hash for old metas.
 */
export function systemsContentKey(meta: DatasetMeta, split: string, systems: readonly string[]): string {
  return systems.map((s) => meta.systemHashes?.[`${split}/${s}`] ?? meta.contentHash).join(',');
}

/** `base` if no system of the dataset has that id, else `base-run2`, `base-run3`... (still a valid handle). */
export function uniqueSystemId(meta: Pick<DatasetMeta, 'systems'>, base: string): SystemId {
  const taken = new Set(meta.systems.map((s) => s.id as string));
  if (!taken.has(base)) return base as SystemId;
  for (let i = 2; ; i++) if (!taken.has(`${base}-run${i}`)) return `${base}-run${i}` as SystemId;
}

// Appends read, hash (async, outside any transaction: IndexedDB commits a transaction that waits on other
// promises) and write; one queue per dataset keeps concurrent appends of this tab from losing each other's samples.
const appendQueues = new Map<string, Promise<unknown>>();
function queued<T>(key: string, job: () => Promise<T>): Promise<T> {
  const run = (appendQueues.get(key) ?? Promise.resolve()).then(job);
  appendQueues.set(key, run.catch(() => undefined));
  return run;
}

async function fillSystemHashes(d: IDBPDatabase<WorkspaceDb>, meta: DatasetMeta): Promise<Record<string, string>> {
  if (meta.systemHashes) return { ...meta.systemHashes };
  const out: Record<string, string> = {};
  for (const [split, systems] of Object.entries(meta.systemsBySplit)) {
    for (const system of systems) {
      const rec = await d.get('chunks', [meta.key, samplesChunkId(split, system)]);
      out[`${split}/${system}`] = await chunkHash(rec ? unpackSamples(rec.data as SampleChunk, system, split) : []);
    }
  }
  return out;
}

/** The dataset hash over its per-system hashes, keeping the `+<overrides>` suffix `setSystemOverrides` adds. */
async function combinedHash(hashes: Record<string, string>, previous: string): Promise<string> {
  const plus = previous.indexOf('+');
  return Promise.resolve(sha256Hex(Object.keys(hashes).sort().map((k) => `${k}=${hashes[k]}`).join('\u0000')) + (plus >= 0 ? previous.slice(plus) : ''));
}

/**
 * Adds a new system with its first samples (possibly none yet) to a stored dataset, without rewriting any other
 * system: only its chunk and the meta record are written, and other systems keep their {@link systemsContentKey}.
 * `run` saves how it was generated. Rejects when the id is taken (use {@link uniqueSystemId}) or the dataset is gone,
 * and with {@link QuotaError} when storage is full.
 */
export function appendSystem(key: string, info: SystemInfo, split: string, samples: Sample[], run?: GeneratedRun): Promise<DatasetMeta> {
  return queued(key, async () => {
    const d = await db();
    const meta = await d.get('datasets', key);
    if (!meta) throw new Error(`No dataset ${key} in the workspace`);
    if (meta.systems.some((s) => s.id === info.id)) throw new Error(`Dataset ${meta.name} already has a system named ${info.id}`);
    const next: DatasetMeta = {
      ...meta,
      systems: [...meta.systems, info],
      // A generated system joins the imported description too, so the Library's overrides can still be undone.
      ...(meta.systemsAsImported ? { systemsAsImported: [...meta.systemsAsImported, info] } : {}),
      runs: run ? { ...meta.runs, [info.id]: run } : meta.runs,
    };
    return writeSystemSamples(d, next, split, info.id, [], samples, await fillSystemHashes(d, meta));
  });
}

/**
 * Adds or replaces samples (matched by prompt and sample index) of a system already in the dataset, e.g. as a
 * generation streams in; `runPatch` updates its saved run in the same write. Returns the new meta.
 */
export function upsertSamples(key: string, split: string, system: string, samples: Sample[], runPatch?: Partial<GeneratedRun>): Promise<DatasetMeta> {
  return queued(key, async () => {
    const d = await db();
    const meta = await d.get('datasets', key);
    if (!meta) throw new Error(`No dataset ${key} in the workspace`);
    if (!meta.systems.some((s) => s.id === system)) throw new Error(`Dataset ${meta.name} has no system ${system}`);
    const rec = await d.get('chunks', [key, samplesChunkId(split, system)]);
    const old = rec ? unpackSamples(rec.data as SampleChunk, system as SystemId, split) : [];
    const run = meta.runs?.[system];
    const next: DatasetMeta = run && runPatch ? { ...meta, runs: { ...meta.runs, [system]: { ...run, ...runPatch, updatedAt: Date.now() } } } : meta;
    return writeSystemSamples(d, next, split, system as SystemId, old, samples, await fillSystemHashes(d, meta));
  });
}

/** Updates the saved run of a generated system (status, error) without touching samples. */
export function updateRun(key: string, system: string, patch: Partial<GeneratedRun>): Promise<DatasetMeta> {
  return queued(key, async () => {
    const d = await db();
    const tx = d.transaction('datasets', 'readwrite');
    const meta = await tx.store.get(key);
    const run = meta?.runs?.[system];
    if (!meta || !run) throw new Error(`No generation run ${system} in dataset ${key}`);
    const next = { ...meta, runs: { ...meta.runs, [system]: { ...run, ...patch, updatedAt: Date.now() } } };
    await tx.store.put(next);
    await tx.done;
    return next;
  });
}

/** Removes one system (all splits) and its run from a dataset; other systems' chunks are untouched. */
export function deleteSystem(key: string, system: string): Promise<DatasetMeta> {
  return queued(key, async () => {
    const d = await db();
    const meta = await d.get('datasets', key);
    if (!meta) throw new Error(`No dataset ${key} in the workspace`);
    const hashes = await fillSystemHashes(d, meta);
    const splits = Object.keys(meta.systemsBySplit).filter((sp) => meta.systemsBySplit[sp]!.includes(system as SystemId));
    let sampleCount = meta.sampleCount;
    let failedCount = meta.failedCount;
    for (const sp of splits) {
      const rec = await d.get('chunks', [key, samplesChunkId(sp, system)]);
      const texts = rec ? (rec.data as SampleChunk).text : [];
      sampleCount -= texts.length;
      failedCount -= texts.filter((t) => t === null).length;
      delete hashes[`${sp}/${system}`];
    }
    const systemsBySplit = Object.fromEntries(
      Object.entries(meta.systemsBySplit).map(([sp, ids]) => [sp, ids.filter((s) => s !== system)] as const).filter(([, ids]) => ids.length > 0),
    );
    const runs = { ...meta.runs };
    delete runs[system];
    const next: DatasetMeta = {
      ...meta,
      systems: meta.systems.filter((s) => s.id !== system),
      ...(meta.systemsAsImported ? { systemsAsImported: meta.systemsAsImported.filter((s) => s.id !== system) } : {}),
      systemsBySplit,
      splits: meta.splits.filter((sp) => sp in systemsBySplit),
      sampleCount,
      failedCount,
      systemHashes: hashes,
      contentHash: await combinedHash(hashes, meta.contentHash),
      runs,
    };
    const tx = d.transaction(['datasets', 'chunks'], 'readwrite');
    await Promise.all([...splits.map((sp) => tx.objectStore('chunks').delete([key, samplesChunkId(sp, system)])), tx.objectStore('datasets').put(next), tx.done]);
    return next;
  });
}

async function writeSystemSamples(
  d: IDBPDatabase<WorkspaceDb>,
  meta: DatasetMeta,
  split: string,
  system: SystemId,
  old: Sample[],
  incoming: Sample[],
  hashes: Record<string, string>,
): Promise<DatasetMeta> {
  const byKey = new Map(old.map((s) => [`${s.prompt}:${s.index}`, s]));
  for (const s of incoming) byKey.set(`${s.prompt}:${s.index}`, { ...s, system, split });
  const merged = [...byKey.values()].sort((a, b) => a.prompt - b.prompt || a.index - b.index);
  hashes[`${split}/${system}`] = await chunkHash(merged);
  const failed = (xs: Sample[]) => xs.filter((s) => s.text === null).length;
  const size = (xs: Sample[]) => xs.reduce((n, s) => n + (s.text ?? s.error ?? '').length + 16, 0);
  const inSplit = meta.systemsBySplit[split] ?? [];
  const systemsBySplit = { ...meta.systemsBySplit, [split]: inSplit.includes(system) ? inSplit : [...inSplit, system] };
  const next: DatasetMeta = {
    ...meta,
    systemsBySplit,
    splits: meta.splits.includes(split) ? meta.splits : [...meta.splits, split],
    sampleCount: meta.sampleCount - old.length + merged.length,
    failedCount: meta.failedCount - failed(old) + failed(merged),
    bytes: meta.bytes - size(old) + size(merged),
    systemHashes: hashes,
    contentHash: await combinedHash(hashes, meta.contentHash),
  };
  try {
    const tx = d.transaction(['datasets', 'chunks'], 'readwrite');
    await Promise.all([
      tx.objectStore('chunks').put({ dataset: meta.key, id: samplesChunkId(split, system), data: packSamples(merged) }),
      tx.objectStore('datasets').put(next),
      tx.done,
    ]);
  } catch (e) {
    if (isQuotaError(e) || isQuotaError((e as { cause?: unknown }).cause)) throw new QuotaError(e);
    throw e;
  }
  return next;
}

/**
 * Attaches judge results (e.g. from the hint lab's judges) to a dataset: records replace those with the same
 * (kind, name, prompt, sample), as if the judge's `samples.jsonl` had been imported with the dataset.
 */
export function appendJudges(key: string, records: JudgeRecord[]): Promise<DatasetMeta> {
  return queued(key, async () => {
    const d = await db();
    const tx = d.transaction(['datasets', 'chunks'], 'readwrite');
    const meta = await tx.objectStore('datasets').get(key);
    if (!meta) throw new Error(`No dataset ${key} in the workspace`);
    const groups = new Map<string, JudgeRecord[]>();
    for (const r of records) {
      const id = `judges/${r.kind}/${r.name}`;
      groups.set(id, [...(groups.get(id) ?? []), r]);
    }
    let judgeCount = meta.judgeCount;
    for (const [id, add] of groups) {
      const old = ((await tx.objectStore('chunks').get([key, id]))?.data as JudgeRecord[] | undefined) ?? [];
      const byKey = new Map(old.map((r) => [`${r.prompt}:${r.sample}`, r]));
      for (const r of add) byKey.set(`${r.prompt}:${r.sample}`, r);
      const merged = [...byKey.values()].sort((a, b) => a.prompt - b.prompt || a.sample - b.sample);
      judgeCount += merged.length - old.length;
      await tx.objectStore('chunks').put({ dataset: key, id, data: merged });
    }
    const next = { ...meta, judgeCount };
    await tx.objectStore('datasets').put(next);
    await tx.done;
    return next;
  });
}
