// Progress and outcome of the running / last import, shared by the Library panel and the status bar.

import { create } from 'zustand';
import type { ImportProblem } from '../core/model/types';

/** A running import. `total` 0 = not known yet. */
export interface ImportJob {
  label: string;
  done: number;
  total: number;
  file: string;
}

/** A dataset an import could not read whole, so did not store; `files` are the unread ones with the reason. */
export interface UnreadDataset {
  name: string;
  files: { path: string; message: string }[];
}

/** What the last import produced. */
export interface ImportReport {
  label: string;
  /** Names of the datasets stored. */
  datasets: string[];
  /** Names among `datasets` that replaced an earlier copy from the same source. */
  replaced?: string[];
  problems: ImportProblem[];
  /** Datasets left out because files of theirs could not be read (network, server); nothing of them was stored. */
  unread?: UnreadDataset[];
  /** A fatal error (network, quota, nothing importable), shown prominently. */
  error?: string;
  /** Runs the same import again (offered when files could not be read). */
  retry?: () => void;
}

interface ImportState {
  job: ImportJob | null;
  report: ImportReport | null;
  /**
   * Whether the start-up import of the server's data has finished or was not needed. Until then a dataset named by
   * the URL may simply not be stored yet, so the shell must not decide that it is missing.
   */
  startupSettled: boolean;
  importStarted(label: string): void;
  importProgressed(done: number, total: number, file: string): void;
  importFinished(report: ImportReport): void;
  reportDismissed(): void;
  startupImportSettled(): void;
}

/** Import progress store. */
export const useImportStore = create<ImportState>()((set) => ({
  job: null,
  report: null,
  startupSettled: false,
  importStarted: (label) => set({ job: { label, done: 0, total: 0, file: '' }, report: null }),
  importProgressed: (done, total, file) => set((s) => (s.job ? { job: { ...s.job, done, total, file } } : {})),
  importFinished: (report) => set({ job: null, report }),
  reportDismissed: () => set({ report: null }),
  startupImportSettled: () => set({ startupSettled: true }),
}));

/** The running import, if any. */
export const useImportJob = () => useImportStore((s) => s.job);
/** The last import's report, if not dismissed. */
export const useImportReport = () => useImportStore((s) => s.report);
/** Whether the start-up import has finished (or was not needed). */
export const useStartupImportSettled = () => useImportStore((s) => s.startupSettled);
