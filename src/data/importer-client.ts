// The page side of imports: the importer worker (lazy singleton), and storing what it returns in the workspace.

import { proxy, type Remote } from 'comlink';
import type { GitHubLocation } from '../core/io/http-source';
import type { ImportProblem } from '../core/model/types';
import type { ColumnMapping } from '../core/io/generic';
import type { ImporterService, ImportOutcome, PickedFile, TableInfo } from '../workers/services/importer';
import { lazyWorker } from './worker-handle';
import { saveDataset, type DatasetMeta } from './workspace';

export type { PickedFile, TableInfo } from '../workers/services/importer';

// A crashed worker rejects the running import (it used to leave it pending for ever, the Library stuck on "Importing…").
const importer = lazyWorker<ImporterService>('importer', () => new Worker(new URL('../workers/importer.worker.ts', import.meta.url), { type: 'module', name: 'importer' }));

/** Progress: `done` of `total` files, `file` the current path; `total` 0 while listing. */
export type OnProgress = (done: number, total: number, file: string) => void;

/** What an import stored. */
export interface StoredImport {
  source: string;
  datasets: DatasetMeta[];
  problems: ImportProblem[];
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

async function store(outcome: ImportOutcome): Promise<StoredImport> {
  if (outcome.datasets.length === 0) throw new NothingImportedError(outcome.source, outcome.problems);
  const datasets: DatasetMeta[] = [];
  for (const [i, ds] of outcome.datasets.entries()) datasets.push(await saveDataset(ds, outcome.source, outcome.contentHashes[i]));
  return { source: outcome.source, datasets, problems: outcome.problems };
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
  return withWorker(async (api) => store(await api.importUrl(abs, onProgress && proxy(onProgress))));
}

/** Imports a GitHub folder at a commit (the paper's data when `loc` is omitted). */
export function importGitHub(loc?: GitHubLocation, onProgress?: OnProgress): Promise<StoredImport> {
  return withWorker(async (api) => store(await api.importGitHub(loc, onProgress && proxy(onProgress))));
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
