// The import status strip: progress while an import runs, then its outcome and problems (file:line: message).

import { useImportJob, useImportReport, useImportStore } from '../../state/import-store';
import { ProblemList } from './problem-list';

/** Shown under the header whenever an import runs or has a report. */
export function ImportStatus() {
  const job = useImportJob();
  const report = useImportReport();
  if (job) {
    return (
      <div className="import-status" role="status" aria-label="Import progress">
        <span>Importing {job.label}…</span>
        <progress max={job.total || undefined} value={job.total ? job.done : undefined} aria-label="Import progress" />
        <span className="muted">
          {job.total ? `${job.done} / ${job.total} files` : 'listing files'} {job.file && `· ${job.file}`}
        </span>
      </div>
    );
  }
  if (!report) return null;
  return (
    <div className={`import-status ${report.error ? 'failed' : 'done'}`} role={report.error ? 'alert' : 'status'}>
      {report.error ? (
        <span>
          <strong>Import failed</strong> ({report.label}): {report.error}
        </span>
      ) : (
        <span>
          Imported {report.datasets.join(', ')} from {report.label}
          {report.problems.length ? ` with ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}` : ''}.
        </span>
      )}
      <button type="button" className="link" onClick={() => useImportStore.getState().reportDismissed()}>
        Dismiss
      </button>
      {report.problems.length > 0 && <ProblemList problems={report.problems} />}
    </div>
  );
}
