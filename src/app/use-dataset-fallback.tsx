// Keeps a stored dataset open: falls back to the last used (else first) one when none, a deleted one or an unknown one (a stale link) is chosen, and says so for links.

import { useEffect, useRef, useState } from 'react';
import type { DatasetMeta } from '../data/workspace';
import { useImportJob, useStartupImportSettled } from '../state/import-store';
import { lastOpenedDataset, rememberLastDataset, useDatasetKey, useViewActions } from '../state/view-store';

/** A link named dataset `wanted` (a workspace key), which this browser does not have; `shown` was opened instead. */
export interface MissingDataset {
  wanted: string;
  /** The dataset opened instead, undefined when the workspace is empty. */
  shown: DatasetMeta | undefined;
}

/**
 * Opens the first stored dataset when the chosen one is not in `list` (the workspace). A dataset that was in the
 * list a moment ago was deleted here, and falls back silently; any other unknown key came from a link (pasted, old
 * bookmark, another browser), and the returned notice says which dataset is shown instead, until dismissed or another
 * dataset is opened. Nothing is decided while an import runs, since it may be about to store the linked dataset.
 */
export function useDatasetFallback(list: DatasetMeta[] | undefined): { missing: MissingDataset | null; dismiss(): void } {
  const datasetKey = useDatasetKey();
  const { datasetOpened } = useViewActions();
  const settled = useStartupImportSettled();
  const importing = useImportJob() !== null;
  const [missing, setMissing] = useState<MissingDataset | null>(null);
  const listedBefore = useRef<ReadonlySet<string>>(new Set());

  // A stored dataset that is open is the last used, even while an import runs (a link opened during the start-up import
  // must be what `/` reopens next, not whichever dataset sorts first).
  useEffect(() => {
    if (list && datasetKey !== undefined && list.some((d) => d.key === datasetKey)) rememberLastDataset(datasetKey);
  }, [list, datasetKey]);

  useEffect(() => {
    if (!list || !settled || importing) return;
    const listed = listedBefore.current;
    listedBefore.current = new Set(list.map((d) => d.key));
    if (datasetKey !== undefined && list.some((d) => d.key === datasetKey)) {
      // The notice belongs to the fallback: once another dataset is opened it no longer applies (nor comes back).
      setMissing((m) => (m && m.shown?.key !== datasetKey ? null : m));
      return;
    }
    // `/` (or a dataset gone) reopens the dataset last used in this browser, not whichever sorts first.
    const last = lastOpenedDataset();
    const first = list.find((d) => d.key === last) ?? list[0];
    setMissing(datasetKey !== undefined && !listed.has(datasetKey) ? { wanted: datasetKey, shown: first } : null);
    if (first || datasetKey !== undefined) datasetOpened(first?.key);
  }, [list, datasetKey, datasetOpened, settled, importing]);

  // Checked on render too, so the notice goes in the same frame as the switch rather than one effect later.
  const current = missing && missing.shown?.key === datasetKey ? missing : null;
  return { missing: current, dismiss: () => setMissing(null) };
}

/** The dismissible notice for {@link MissingDataset}. */
export function MissingDatasetNotice({ missing, onDismiss }: { missing: MissingDataset; onDismiss(): void }) {
  return (
    <div className="import-status notice" role="status" aria-label="Link notice">
      <span>
        Dataset “{missing.wanted}” from the link is not in this browser;{' '}
        {missing.shown ? `showing “${missing.shown.name}”.` : 'no dataset is stored yet.'}
      </span>
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
