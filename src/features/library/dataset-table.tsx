// The datasets stored in this browser: open, rename, delete, with sizes and counts.

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { datasetListQuery } from '../../data/queries';
import { useDeleteDataset, useRenameDataset } from '../../data/workspace-actions';
import type { DatasetMeta } from '../../data/workspace';
import { SystemKinds } from './system-kinds';
import { useDatasetKey, useViewActions } from '../../state/view-store';

/** Bytes as B / kB / MB (powers of 1000). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}

/** The workspace table. */
export function DatasetTable() {
  const list = useQuery(datasetListQuery());
  const rename = useRenameDataset();
  const remove = useDeleteDataset();
  const [editingSystems, setEditingSystems] = useState<string | null>(null);
  const editing = list.data?.find((d) => d.key === editingSystems);
  const error = list.error ?? rename.error ?? remove.error;
  return (
    <section className="card" aria-labelledby="stored-heading">
      <h2 id="stored-heading">Datasets in this browser</h2>
      {error && (
        <p role="alert" className="error-text">
          {error instanceof Error ? error.message : String(error)}
        </p>
      )}
      {list.data?.length === 0 && <p className="muted">None yet — open some data above.</p>}
      {list.data && list.data.length > 0 && (
        <table className="dataset-table" aria-label="Stored datasets">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prompts</th>
              <th scope="col">Systems</th>
              <th scope="col">Samples</th>
              <th scope="col">Failed</th>
              <th scope="col">Size</th>
              <th scope="col">Source</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <DatasetRow
                key={d.key}
                meta={d}
                onRename={(name) => rename.mutate({ key: d.key, name })}
                onDelete={() => remove.mutate(d.key)}
                onSystems={() => setEditingSystems(d.key)}
              />
            ))}
          </tbody>
        </table>
      )}
      {editing && <SystemKinds key={editing.key} meta={editing} onClose={() => setEditingSystems(null)} />}
    </section>
  );
}

function DatasetRow({ meta, onRename, onDelete, onSystems }: { meta: DatasetMeta; onRename(name: string): void; onDelete(): void; onSystems(): void }) {
  const open = useDatasetKey();
  const { datasetOpened, viewChosen } = useViewActions();
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr aria-label={meta.name} className={open === meta.key ? 'current' : undefined}>
      <td>
        {editing === null ? (
          <strong>{meta.name}</strong>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (editing.trim()) onRename(editing.trim());
              setEditing(null);
            }}
          >
            <input
              aria-label={`New name for ${meta.name}`}
              value={editing}
              autoFocus
              onChange={(e) => setEditing(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
            />
            <button type="submit">Save</button>
          </form>
        )}
      </td>
      <td className="num">{meta.prompts.length}</td>
      <td className="num">{meta.systems.length}</td>
      <td className="num">{meta.sampleCount.toLocaleString('en-US')}</td>
      <td className="num">{meta.failedCount.toLocaleString('en-US')}</td>
      <td className="num">{formatBytes(meta.bytes)}</td>
      <td className="source" title={meta.source}>
        {meta.source}
      </td>
      <td className="actions">
        <button
          type="button"
          onClick={() => {
            datasetOpened(meta.key);
            viewChosen('browse');
          }}
        >
          Open
        </button>
        <button type="button" aria-label={`Rename ${meta.name}`} onClick={() => setEditing(meta.name)}>
          Rename
        </button>
        <button type="button" aria-label={`Systems of ${meta.name}`} title="Set each system's kind and teacher" onClick={onSystems}>
          Systems
        </button>
        {confirming ? (
          <>
            <button type="button" className="danger" aria-label={`Confirm delete ${meta.name}`} onClick={onDelete}>
              Delete for good
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" aria-label={`Delete ${meta.name}`} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </td>
    </tr>
  );
}
