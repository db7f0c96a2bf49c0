// Runs one import with progress in the import store, then refreshes the workspace queries and opens what was stored.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { NothingImportedError, UnreadImportError, type OnProgress, type StoredImport } from '../../data/importer-client';
import { keys } from '../../data/keys';
import { useImportStore } from '../../state/import-store';
import { useViewStore } from '../../state/view-store';

/**
 * What to open when an import has stored something: `browse` (an import the user started) opens the first dataset
 * stored in Browse, whatever was open; `if-none` (the start-up import) opens it only when nothing is open.
 */
export type OpenAfterImport = 'browse' | 'if-none';

/** Returns `run(label, job, open)`: at most one import at a time; errors land in the report, never thrown to the caller. */
export function useRunImport() {
  const client = useQueryClient();
  const run = useCallback(
    async (
      label: string,
      job: (onProgress: OnProgress) => Promise<StoredImport>,
      open: OpenAfterImport = 'browse',
    ): Promise<StoredImport | null> => {
      const store = useImportStore.getState();
      if (store.job) return null;
      store.importStarted(label);
      const retry = () => void run(label, job, open);
      try {
        const result = await job((done, total, file) => useImportStore.getState().importProgressed(done, total, file));
        await client.invalidateQueries({ queryKey: keys.datasets() });
        useImportStore.getState().importFinished({
          label,
          datasets: result.datasets.map((d) => d.name),
          replaced: result.datasets.filter((d) => d.replaced).map((d) => d.name),
          problems: result.problems,
          unread: result.incomplete,
          retry: result.incomplete.length ? retry : undefined,
        });
        const first = result.datasets[0];
        const view = useViewStore.getState();
        if (first && (open === 'browse' || !view.dataset)) {
          view.datasetOpened(first.key);
          if (open === 'browse') view.viewChosen('browse');
        }
        return result;
      } catch (e) {
        useImportStore.getState().importFinished({
          label,
          datasets: [],
          // When nothing was importable, the problems are the explanation: keep them (file:line: message).
          problems: e instanceof NothingImportedError || e instanceof UnreadImportError ? e.problems : [],
          unread: e instanceof UnreadImportError ? e.incomplete : undefined,
          error: e instanceof Error ? e.message : String(e),
          retry,
        });
        return null;
      }
    },
    [client],
  );
  return run;
}
