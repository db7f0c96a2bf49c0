// The page side of imports: the importer worker (lazy singleton), and storing what it returns in the workspace.

import { proxy, type Remote } from 'comlink';
import type { GitHubLocation } from '../core/io/http-source';
import type { ImportProblem } from '../core/model/types';
import type { ColumnMapping } from '../core/io/generic';
import type { ImporterService, ImportOutcome, IncompleteDataset, PickedFile, TableInfo } from '../workers/services/importer';
import { canConnect, GITHUB_ORIGINS, originOf } from './allowed-origins';
import { lazyWorker } from './worker-handle';
import { saveDataset, type SavedDataset } from './workspace';

export type { IncompleteDataset, PickedFile, TableInfo, UnreadFile } from '../workers/services/importer';

// A crashed worker rejects the running import (it used to leave it pending for ever, the Library stuck on "Importing…").
const importer = lazyWorker<ImporterService>('importer', () => new Worker(new URL('../workers/importer.worker.ts', import.meta.url), { type: 'module', name: 'importer' }));

/** Progress: `done` of `total` files, `file` the current path; `total` 0 while listing. */
export type OnProgress = (done: number, total: number, file: string) => void;

/** What an import stored. */
export interface StoredImport {
  source: string;
  /** Stored datasets; `replaced` marks one that took the place of an earlier copy from the same URL. */
  datasets: SavedDataset[];
  problems: ImportProblem[];
  /** Datasets not stored because some of their files could not be read (see `ImportOutcome.incomplete`). */
  incomplete: IncompleteDataset[];
}

/** An import that found no dataset; `problems` says why, file by file and line by line. */
export class NothingImportedError extends Error {
  constructor(
    source: string,
    readonly problems: ImportProblem[],
  ) {
    super(`Nothing to import from ${source}${problems.length ? ` (${problems.length} problem${problems.length === 1 ? '' : 's'}, listed below)` : '.'}`);
    this.name = 'NothingImportedError';
  }
}

/** An import in which no dataset could be read whole (e.g. the server went away); `incomplete` says which files failed. */
export class UnreadImportError extends Error {
  constructor(
    source: string,
    readonly incomplete: IncompleteDataset[],
    readonly problems: ImportProblem[],
  ) {
    const files = incomplete.reduce((n, d) => n + d.files.length, 0);
    super(`Nothing was imported from ${source}: ${files} file${files === 1 ? '' : 's'} could not be read (listed below). Try again when the source is reachable.`);
    this.name = 'UnreadImportError';
  }
}

/**
 * The page's Content-Security-Policy does not (yet) allow these origins. Fetches run in the importer worker, which the
 * page's policy does not reach, so this check is what keeps imports to the origins the user allowed.
 */
export class ConnectNotAllowedError extends Error {
  constructor(readonly origins: string[]) {
    super(`This page is not allowed to connect to ${origins.join(', ')} yet.`);
    this.name = 'ConnectNotAllowedError';
  }
}

/** Origins among `urls` the page may not connect to now (see `allowed-origins.ts`). */
export function blockedOrigins(urls: readonly string[]): string[] {
  return [...new Set(urls.filter((u) => !canConnect(u)).map((u) => originOf(u) ?? u))];
}

function ensureAllowed(urls: readonly string[]): void {
  const blocked = blockedOrigins(urls);
  if (blocked.length) throw new ConnectNotAllowedError(blocked);
}

/**
 * Stores what an import read. `replaceSameSource`: a dataset already stored from the same source is replaced rather
 * than duplicated (URL and GitHub imports: fetching the same address again must not add a copy).
 */
async function store(outcome: ImportOutcome, replaceSameSource = false): Promise<StoredImport> {
  if (outcome.datasets.length === 0) {
    if (outcome.incomplete.length) throw new UnreadImportError(outcome.source, outcome.incomplete, outcome.problems);
    throw new NothingImportedError(outcome.source, outcome.problems);
  }
  const datasets: SavedDataset[] = [];
  for (const [i, ds] of outcome.datasets.entries()) {
    datasets.push(await saveDataset(ds, outcome.source, { replaceSameSource, contentHash: outcome.contentHashes[i] }));
  }
  return { source: outcome.source, datasets, problems: outcome.problems, incomplete: outcome.incomplete };
}

async function withWorker<T>(job: (api: Remote<ImporterService>) => Promise<T>): Promise<T> {
  try {
    return await importer.call(job);
  } catch (e) {
    // Structured-clone and worker-startup failures leave the worker unusable; start over next time.
    if (e instanceof Error && /clone|worker/i.test(e.message)) importer.reset();
    throw e;
  }
}

/** Imports picked or dropped files (paths relative to the chosen root) and stores every dataset found. */
export function importFiles(
  files: PickedFile[],
  label: string,
  onProgress?: OnProgress,
  mapping?: ColumnMapping,
): Promise<StoredImport> {
  return withWorker(async (api) => store(await api.importFiles(files, label, onProgress && proxy(onProgress), mapping)));
}

/** The generic table files among `files` with their columns and guessed mapping (for the column-mapping step). */
export function inspectTables(files: PickedFile[]): Promise<TableInfo[]> {
  return withWorker((api) => api.inspectTables(files));
}

/** Imports from a static server; `url` may be relative to the page (e.g. `/__data/`). */
export function importUrl(url: string, onProgress?: OnProgress): Promise<StoredImport> {
  const abs = new URL(url, location.href).href;
  ensureAllowed([abs]);
  return withWorker(async (api) => store(await api.importUrl(abs, onProgress && proxy(onProgress)), true));
}

/** Imports a GitHub folder at a commit (the paper's data when `loc` is omitted). */
export function importGitHub(loc?: GitHubLocation, onProgress?: OnProgress): Promise<StoredImport> {
  ensureAllowed(GITHUB_ORIGINS);
  return withWorker(async (api) => store(await api.importGitHub(loc, onProgress && proxy(onProgress)), true));
}

/** The server's start-up config: `dataUrl` is set when `npm start` was given `OVERTON_DATA`. */
export async function fetchServerConfig(): Promise<{ dataUrl: string | null }> {
  try {
    const res = await fetch('/__overton/config.json');
    if (!res.ok) return { dataUrl: null };
    const cfg = (await res.json()) as { dataUrl?: unknown };
    return { dataUrl: typeof cfg.dataUrl === 'string' ? cfg.dataUrl : null };
  } catch {
    return { dataUrl: null };
  }
}
