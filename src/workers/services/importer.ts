// ImporterService: runs the core importers on a folder picked, files dropped, a static server or the paper's GitHub repo.

import type { FileSource } from '../../core/io/file-source';
import { githubSource, httpSource, LfsPointerError, PAPER_REPO, type FetchFn, type GitHubLocation, type RetryOptions } from '../../core/io/http-source';
import { importAny } from '../../core/io/detect';
import { formatOf, guessMapping, missingFields, readColumns, type ColumnMapping } from '../../core/io/generic';
import { findDatasetRoots } from '../../core/io/paper-layout';
import { datasetContentHash } from '../../core/model/content-hash';
import type { Dataset, ImportProblem, ImportResult } from '../../core/model/types';

/** A file handed over from the page, with its path relative to the picked/dropped root (forward slashes). */
export interface PickedFile {
  path: string;
  file: Blob;
}

/** Progress callback: `done` of `total` files read, `file` the current path. Called through a Comlink proxy. */
export type ImportProgress = (done: number, total: number, file: string) => void;

/** A file the source listed but could not deliver (network down, server error, unreadable file). */
export interface UnreadFile {
  path: string;
  /** Why, e.g. `Network error: could not reach host (...) (gave up after 4 attempts)`. */
  message: string;
}

/** A dataset left out of an import because some of its files could not be read: storing it would store a part. */
export interface IncompleteDataset {
  /** Dataset name (folder name). */
  name: string;
  files: UnreadFile[];
}

/** What an import returns to the page: the importer's result plus where it came from. */
export interface ImportOutcome extends ImportResult {
  /** The source's label (folder name, URL, `github:...`). */
  source: string;
  /** Number of files listed in the source. */
  fileCount: number;
  /**
   * Datasets NOT in `datasets` because files of theirs could not be read (a read failure is a transport fault, not a
   * data problem: nothing of such a dataset is returned, so nothing half-read is stored). Empty when all were read.
   */
  incomplete: IncompleteDataset[];
  /** `datasetContentHash` of each of `datasets` (same order), computed here so the page never hashes 100 MB on its thread. */
  contentHashes: string[];
}

/** A {@link FileSource} over files picked or dropped in the page. */
export function pickedFilesSource(files: PickedFile[], label: string): FileSource {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  return {
    label,
    list: async () => [...byPath.keys()].sort(),
    read: async (path) => {
      const f = byPath.get(path);
      if (!f) throw new Error(`${label}: no file ${path}`);
      return new Uint8Array(await f.arrayBuffer());
    },
  };
}

/**
 * Lists once up front so an unreachable source fails the whole import with one clear error (a rejected promise),
 * and notes LFS pointers met while reading so they are reported even if an importer words them differently.
 */
function guarded(source: FileSource, lfs: LfsPointerError[], unread: Map<string, string>): FileSource & { paths(): Promise<string[]> } {
  let listing: Promise<string[]> | null = null;
  return {
    label: source.label,
    paths: () => (listing ??= source.list()),
    list: () => (listing ??= source.list()),
    read: async (path) => {
      try {
        return await source.read(path);
      } catch (e) {
        if (e instanceof LfsPointerError) lfs.push(e);
        else unread.set(path, e instanceof Error ? e.message : String(e));
        throw e;
      }
    },
  };
}

/** A table file outside any paper-layout folder, with what the column-mapping step needs. */
export interface TableInfo {
  path: string;
  columns: string[];
  /** The importer's guess (prefills the mapping dropdowns). */
  guess: ColumnMapping;
  /** Required fields the guess could not fill; non-empty means the user must map columns. */
  missing: string[];
}

/** Runs imports off the main thread. Plain class: tests and the CLI construct it directly. */
export class ImporterService {
  /** `fetchFn` defaults to the global `fetch`; tests pass a fake (and `retry` with a fake sleep). */
  constructor(
    private readonly fetchFn: FetchFn = (url) => fetch(url),
    private readonly retry?: RetryOptions,
  ) {}

  /** Imports picked or dropped files (a whole `data/` folder, one dataset folder, or loose files). */
  importFiles(files: PickedFile[], label: string, onProgress?: ImportProgress, mapping?: ColumnMapping): Promise<ImportOutcome> {
    return this.run(pickedFilesSource(files, label), onProgress, mapping);
  }

  /** The generic table files among `files` (those outside paper-layout folders) with their columns and guessed mapping. */
  async inspectTables(files: PickedFile[]): Promise<TableInfo[]> {
    const roots = findDatasetRoots(files.map((f) => f.path), 'picked');
    const out: TableInfo[] = [];
    for (const f of files) {
      if (!formatOf(f.path) || f.path.endsWith('args.json')) continue;
      if (roots.some((r) => r.root === '' || f.path.startsWith(`${r.root}/`))) continue;
      const columns = readColumns({ name: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) });
      const guess = guessMapping(columns);
      out.push({ path: f.path, columns, guess, missing: missingFields(guess) });
    }
    return out;
  }

  /** Imports from a static server at `baseUrl` (absolute) serving `overton-index.json` or `MANIFEST.txt`. */
  importUrl(baseUrl: string, onProgress?: ImportProgress): Promise<ImportOutcome> {
    return this.run(httpSource(baseUrl, this.fetchFn, this.retry), onProgress);
  }

  /** Imports a GitHub folder at a commit; the paper's `data/` by default. */
  importGitHub(loc: GitHubLocation = PAPER_REPO, onProgress?: ImportProgress): Promise<ImportOutcome> {
    return this.run(githubSource(loc, this.fetchFn, this.retry), onProgress);
  }

  private async run(source: FileSource, onProgress?: ImportProgress, mapping?: ColumnMapping): Promise<ImportOutcome> {
    const lfs: LfsPointerError[] = [];
    const unread = new Map<string, string>();
    const src = guarded(source, lfs, unread);
    const paths = await src.paths();
    if (paths.length === 0) throw new Error(`${source.label} lists no files.`);
    const result = await importAny(src, { onProgress: onProgress ? (d, t, f) => void onProgress(d, t, f) : undefined, mapping });
    const problems: ImportProblem[] = [...result.problems];
    for (const e of lfs) {
      if (!problems.some((p) => p.file.endsWith(e.path) && /LFS/i.test(p.message))) {
        problems.push({ severity: 'error', file: e.path, message: e.message });
      }
    }
    const { kept, incomplete } = splitIncomplete(result.datasets, paths, source.label, unread);
    // Problems of a dataset that is not stored (mostly echoes of the unread files) would only blur the report.
    const dropped = new Set(incomplete.map((d) => d.name));
    const roots = findDatasetRoots(paths, source.label);
    const ownedByDropped = (file: string) => {
      const root = roots.filter((r) => r.root === '' || file.startsWith(`${r.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
      return root !== undefined && dropped.has(root.name);
    };
    return {
      datasets: kept,
      problems: problems.filter((p) => !ownedByDropped(p.file)),
      source: source.label,
      fileCount: paths.length,
      incomplete,
      // Only what is returned is hashed (a left-out dataset would cost the time for nothing).
      contentHashes: kept.map(datasetContentHash),
    };
  }
}

/**
 * Splits imported datasets into those whose every file was read and those with unread files. A file belongs to the
 * deepest dataset folder holding it; a loose table file (outside any dataset folder) taints every dataset that is not
 * a paper-layout folder, since a generic table can feed any of them.
 */
export function splitIncomplete(
  datasets: Dataset[],
  paths: string[],
  label: string,
  unread: ReadonlyMap<string, string>,
): { kept: Dataset[]; incomplete: IncompleteDataset[] } {
  if (unread.size === 0) return { kept: datasets, incomplete: [] };
  const roots = findDatasetRoots(paths, label);
  const paperNames = new Set(roots.map((r) => r.name));
  const failed = new Map<string, UnreadFile[]>();
  const add = (name: string, f: UnreadFile) => {
    const list = failed.get(name) ?? [];
    list.push(f);
    failed.set(name, list);
  };
  for (const [path, message] of [...unread].sort(([a], [b]) => a.localeCompare(b))) {
    const root = roots.filter((r) => r.root === '' || path.startsWith(`${r.root}/`)).sort((a, b) => b.root.length - a.root.length)[0];
    if (root) add(root.name, { path, message });
    else for (const d of datasets) if (!paperNames.has(d.id)) add(d.id, { path, message });
  }
  return {
    kept: datasets.filter((d) => !failed.has(d.id)),
    incomplete: [...failed].map(([name, files]) => ({ name, files })),
  };
}
