// Runs one import with progress in the import store, then refreshes the workspace queries and opens what was stored.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { NothingImportedError, type OnProgress, type StoredImport } from '../../data/importer-client';
import { keys } from '../../data/keys';
import { useImportStore } from '../../state/import-store';
import { useViewStore } from '../../state/view-store';

/** Returns `run(label, job)`: at most one import at a time; errors land in the report, never thrown to the caller. */
export function useRunImport() {
  const client = useQueryClient();
  return useCallback(
    async (label: string, job: (onProgress: OnProgress) => Promise<StoredImport>): Promise<StoredImport | null> => {
      const store = useImportStore.getState();
      if (store.job) return null;
      store.importStarted(label);
      try {
        const result = await job((done, total, file) => useImportStore.getState().importProgressed(done, total, file));
        await client.invalidateQueries({ queryKey: keys.datasets() });
        useImportStore.getState().importFinished({
          label,
          datasets: result.datasets.map((d) => d.name),
          problems: result.problems,
        });
        const first = result.datasets[0];
        if (first && !useViewStore.getState().dataset) useViewStore.getState().datasetOpened(first.key);
        return result;
      } catch (e) {
        useImportStore.getState().importFinished({
          label,
          datasets: [],
          // When nothing was importable, the problems are the explanation: keep them (file:line: message).
          problems: e instanceof NothingImportedError ? e.problems : [],
          error: e instanceof Error ? e.message : String(e),
        });
        return null;
      }
    },
    [client],
  );
}
