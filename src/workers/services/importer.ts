// ImporterService: runs the core importers on a folder picked, files dropped, a static server or the paper's GitHub repo.

import type { FileSource } from '../../core/io/file-source';
import { githubSource, httpSource, LfsPointerError, PAPER_REPO, type FetchFn, type GitHubLocation } from '../../core/io/http-source';
import { importAny } from '../../core/io/detect';
import { formatOf, guessMapping, missingFields, readColumns, type ColumnMapping } from '../../core/io/generic';
import { findDatasetRoots } from '../../core/io/paper-layout';
import { datasetContentHash } from '../../core/model/content-hash';
import type { ImportProblem, ImportResult } from '../../core/model/types';

/** A file handed over from the page, with its path relative to the picked/dropped root (forward slashes). */
export interface PickedFile {
  path: string;
  file: Blob;
}

/** Progress callback: `done` of `total` files read, `file` the current path. Called through a Comlink proxy. */
export type ImportProgress = (done: number, total: number, file: string) => void;

/** What an import returns to the page: the importer's result plus where it came from. */
export interface ImportOutcome extends ImportResult {
  /** The source's label (folder name, URL, `github:...`). */
  source: string;
  /** Number of files listed in the source. */
  fileCount: number;
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
function guarded(source: FileSource, lfs: LfsPointerError[]): FileSource & { paths(): Promise<string[]> } {
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
  /** `fetchFn` defaults to the global `fetch`; tests pass a fake. */
  constructor(private readonly fetchFn: FetchFn = (url) => fetch(url)) {}

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
    return this.run(httpSource(baseUrl, this.fetchFn), onProgress);
  }

  /** Imports a GitHub folder at a commit; the paper's `data/` by default. */
  importGitHub(loc: GitHubLocation = PAPER_REPO, onProgress?: ImportProgress): Promise<ImportOutcome> {
    return this.run(githubSource(loc, this.fetchFn), onProgress);
  }

  private async run(source: FileSource, onProgress?: ImportProgress, mapping?: ColumnMapping): Promise<ImportOutcome> {
    const lfs: LfsPointerError[] = [];
    const src = guarded(source, lfs);
    const paths = await src.paths();
    if (paths.length === 0) throw new Error(`${source.label} lists no files.`);
    const result = await importAny(src, { onProgress: onProgress ? (d, t, f) => void onProgress(d, t, f) : undefined, mapping });
    const problems: ImportProblem[] = [...result.problems];
    for (const e of lfs) {
      if (!problems.some((p) => p.file.endsWith(e.path) && /LFS/i.test(p.message))) {
        problems.push({ severity: 'error', file: e.path, message: e.message });
      }
    }
    const contentHashes = result.datasets.map(datasetContentHash);
    return { datasets: result.datasets, problems, source: source.label, fileCount: paths.length, contentHashes };
  }
}
