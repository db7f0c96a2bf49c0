// One entry point for any dropped/picked folder: the paper's layout when it is there, plain sample tables otherwise.

import type { ImportProblem, ImportResult } from '../model/types';
import type { FileSource } from './file-source';
import { formatOf, importGeneric, type ColumnMapping, type GenericFile } from './generic';
import { findDatasetRoots, importPaperData, type PaperImportOptions } from './paper-layout';

/** Options of {@link importAny}. */
export interface ImportOptions extends PaperImportOptions {
  /** Column mapping for generic table files (default: guessed per file). */
  mapping?: ColumnMapping;
  /** Lay `mapping` over each file's guessed mapping instead of replacing it (see `GenericImportOptions` in generic.ts). */
  mappingFillsGuesses?: boolean;
}

/**
 * Imports whatever `source` holds. Dataset folders in the paper's layout (found at any depth) go to
 * {@link importPaperData}; JSONL/JSON/CSV/TSV files outside them (other than `args.json`) go to
 * {@link importGeneric}, as one dataset named after the source unless a dataset column says otherwise.
 * Problems of both are returned together; nothing throws.
 */
export async function importAny(source: FileSource, opts: ImportOptions = {}): Promise<ImportResult> {
  let paths: string[];
  try {
    paths = (await source.list()).filter((p) => !p.split('/').some((s) => s.startsWith('.')));
  } catch (e) {
    return { datasets: [], problems: [{ severity: 'error', file: source.label, message: `cannot list files: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const roots = findDatasetRoots(paths, source.label);
  const loose = paths.filter(
    (p) => formatOf(p) !== null && !p.endsWith('args.json') && !roots.some((r) => r.root === '' || p.startsWith(r.root + '/')),
  );
  const result: ImportResult = { datasets: [], problems: [] };
  if (roots.length) {
    // Hand over the listing already made: listing can be a network round trip (HTTP sources).
    const paper = await importPaperData({ label: source.label, list: async () => paths, read: (p) => source.read(p) }, opts);
    result.datasets.push(...paper.datasets);
    result.problems.push(...paper.problems);
  }
  if (loose.length) {
    const files: GenericFile[] = [];
    const problems: ImportProblem[] = [];
    let done = 0;
    for (const p of loose) {
      try {
        files.push({ name: p, bytes: await source.read(p) });
      } catch (e) {
        problems.push({ severity: 'error', file: p, message: `cannot read: ${e instanceof Error ? e.message : String(e)}` });
      }
      opts.onProgress?.(++done, loose.length, p);
    }
    const label = source.label.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || 'imported';
    const defaultDataset = /\.(jsonl|ndjson|json|csv|tsv)$/i.test(label) ? label.replace(/\.[^.]+$/, '') : label;
    const generic = importGeneric(files, opts.mapping, { defaultDataset, mappingFillsGuesses: opts.mappingFillsGuesses ?? false });
    const keep = opts.datasets ? generic.datasets.filter((d) => opts.datasets!.includes(d.id)) : generic.datasets;
    result.datasets.push(...keep);
    result.problems.push(...problems, ...generic.problems);
  }
  if (!roots.length && !loose.length) {
    result.problems.push({
      severity: 'error',
      file: source.label,
      message: 'nothing to import: no dataset folder (<dataset>/instances/data.jsonl or <dataset>/outputs/<system>/samples.jsonl) and no JSONL/JSON/CSV file',
    });
  }
  return result;
}
