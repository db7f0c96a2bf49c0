// On start, imports the server's OVERTON_DATA folder once per browser profile (a deleted dataset stays deleted); an
// import that could not read every file is not counted as done, so the next start tries again.

import { useEffect } from 'react';
import { fetchServerConfig, importGitHub, importUrl } from '../../data/importer-client';
import { getSetting, setSetting } from '../../data/workspace';
import { useImportStore } from '../../state/import-store';
import { takePendingImport } from './pending-import';
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
      // An import the user started before the reload that allowed its origin (pending-import.ts) goes first.
      const pending = takePendingImport();
      if (pending?.kind === 'github') await run("the paper's data (GitHub)", (p) => importGitHub(undefined, p));
      else if (pending) await run(pending.url, (p) => importUrl(pending.url, p));
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
