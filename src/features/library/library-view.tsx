// Library view: open data (folder, files, drop, URL, the paper's GitHub data) and manage the datasets stored in this browser.

import { useState, type DragEvent } from 'react';
import type { ColumnMapping } from '../../core/io/generic';
import { importFiles, importGitHub, importUrl, inspectTables, type PickedFile } from '../../data/importer-client';
import { useImportJob } from '../../state/import-store';
import { DatasetTable } from './dataset-table';
import { MappingStep } from './mapping-step';
import { allowAndReloadIfNeeded } from './pending-import';
import { parseSourceUrl } from './source-url';
import { filesFromDrop, filesFromInput, labelFor } from './picked-files';
import { useRunImport } from './use-run-import';

/** The Library / Open data view. */
export function LibraryView() {
  const run = useRunImport();
  const busy = useImportJob() !== null;
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [mappingFor, setMappingFor] = useState<{ files: PickedFile[]; tables: string[]; columns: string[]; guess: ColumnMapping } | null>(null);

  // Tables whose columns the importer cannot map on its own go through the mapping step first.
  const start = async (files: PickedFile[]) => {
    if (!files.length) return;
    const tables = await inspectTables(files).catch(() => []);
    // A table with no readable columns (not JSON, empty, binary) has nothing to map: importing it reports why, by line.
    const unmapped = tables.filter((t) => t.missing.length > 0 && t.columns.length > 0);
    if (unmapped.length) {
      const columns = [...new Set(tables.flatMap((t) => t.columns))];
      setMappingFor({ files, tables: unmapped.map((t) => t.path), columns, guess: unmapped[0]!.guess });
      return;
    }
    const label = labelFor(files);
    await run(label, (p) => importFiles(files, label, p));
  };
  const onFiles = (list: FileList | null) => {
    if (list?.length) void start(filesFromInput(list));
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void filesFromDrop(e.dataTransfer).then(start);
  };

  return (
    <div className="library">
      <section className="card" aria-labelledby="open-data-heading">
        <h2 id="open-data-heading">Open data</h2>
        <p className="muted">
          Everything stays in this browser (IndexedDB). Open the <code>data/</code> folder of a clone of the paper&apos;s
          repository, one dataset folder, or JSONL / JSON / CSV files.
        </p>
        <div className="source-grid">
          <label className="button">
            Choose folder…
            <input
              type="file"
              aria-label="Choose a folder"
              className="visually-hidden"
              disabled={busy}
              webkitdirectory=""
              multiple
              onChange={(e) => {
                onFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <label className="button">
            Choose files…
            <input
              type="file"
              aria-label="Choose files"
              className="visually-hidden"
              disabled={busy}
              multiple
              accept=".jsonl,.json,.csv,.txt"
              onChange={(e) => {
                onFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              if (!allowAndReloadIfNeeded({ kind: 'github' })) void run("the paper's data (GitHub)", (p) => importGitHub(undefined, p));
            }}
          >
            Load the paper&apos;s data
          </button>
        </div>
        <div
          className={`drop-zone${dragging ? ' dragging' : ''}`}
          role="region"
          aria-label="Drop zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          Drop a folder or files here
        </div>
        {mappingFor && (
          <MappingStep
            files={mappingFor.tables}
            columns={mappingFor.columns}
            guess={mappingFor.guess}
            onCancel={() => setMappingFor(null)}
            onImport={(mapping) => {
              const { files } = mappingFor;
              const label = labelFor(files);
              setMappingFor(null);
              void run(label, (p) => importFiles(files, label, p, mapping));
            }}
          />
        )}
        <form
          className="url-form"
          onSubmit={(e) => {
            e.preventDefault();
            const check = parseSourceUrl(url);
            setUrlError(check.ok ? null : check.message);
            if (check.ok && !allowAndReloadIfNeeded({ kind: 'url', url: check.url })) void run(check.url, (p) => importUrl(check.url, p));
          }}
        >
          <label htmlFor="source-url">Static server URL</label>
          <input
            id="source-url"
            type="text"
            placeholder="https://example.org/data/ (serving overton-index.json or MANIFEST.txt)"
            value={url}
            aria-invalid={urlError !== null}
            aria-describedby={urlError ? 'source-url-error' : undefined}
            onChange={(e) => {
              setUrl(e.target.value);
              setUrlError(null);
            }}
          />
          <button type="submit" disabled={busy || !url.trim()}>
            Import from URL
          </button>
          {urlError && (
            <p id="source-url-error" className="url-error" role="alert">
              {urlError}
            </p>
          )}
        </form>
        <p className="muted small">
          &ldquo;Load the paper&apos;s data&rdquo; fetches github.com/thomlake/investigating-alignment (commit 43ad981)
          only when clicked. The first time, it (like a URL on another server) allows this page to connect there and
          reloads it once, since the page&apos;s security policy only reaches addresses you have opened.
        </p>
      </section>
      <DatasetTable />
    </div>
  );
}
