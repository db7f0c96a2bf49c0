// On start, imports the server's OVERTON_DATA folder once per browser profile (a deleted dataset stays deleted); an
// import that could not read every file is not counted as done, so the next start tries again.

import { useEffect } from 'react';
import { fetchServerConfig, importUrl } from '../../data/importer-client';
import { getSetting, setSetting } from '../../data/workspace';
import { useImportStore } from '../../state/import-store';
import { useRunImport } from './use-run-import';

const SETTING = 'auto-imported-urls';
let started = false;

/** Starts the automatic import at most once per page load. */
export function useAutoImport() {
  const run = useRunImport();
  useEffect(() => {
    if (started) return;
    started = true;
    void (async () => {
      const { dataUrl } = await fetchServerConfig();
      if (!dataUrl) return;
      const done = (await getSetting<string[]>(SETTING)) ?? [];
      if (done.includes(dataUrl)) return;
      const result = await run(`Server data (${dataUrl})`, (p) => importUrl(dataUrl, p), 'if-none');
      if (result && result.incomplete.length === 0) await setSetting(SETTING, [...done, dataUrl]);
    })()
      // Settled on every path (nothing to import, done, failed), so the shell stops waiting for it.
      .catch(() => undefined)
      .finally(() => useImportStore.getState().startupImportSettled());
  }, [run]);
}
