// The import status strip: progress while an import runs, then its outcome and problems (file:line: message).

import { useImportJob, useImportReport, useImportStore, type UnreadDataset } from '../../state/import-store';
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
  const unread = report.unread ?? [];
  const replaced = new Set(report.replaced ?? []);
  return (
    <div className={`import-status ${report.error ? 'failed' : unread.length ? 'partial' : 'done'}`} role={report.error || unread.length ? 'alert' : 'status'}>
      {report.error ? (
        <span>
          <strong>Import failed</strong> ({report.label}): {report.error}
        </span>
      ) : (
        <span>
          Imported {report.datasets.map((d) => (replaced.has(d) ? `${d} (replacing the earlier copy)` : d)).join(', ')} from {report.label}
          {report.problems.length ? ` with ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}` : ''}.
          {unread.length > 0 && (
            <>
              {' '}
              <strong>Not imported: {unread.map((d) => d.name).join(', ')}</strong> — {unread.reduce((n, d) => n + d.files.length, 0)} of{' '}
              {unread.length === 1 ? 'its' : 'their'} files could not be read, so nothing of {unread.length === 1 ? 'it' : 'them'} was stored.
            </>
          )}
        </span>
      )}
      {report.retry && (
        <button type="button" onClick={report.retry}>
          Try again
        </button>
      )}
      <button type="button" className="link" onClick={() => useImportStore.getState().reportDismissed()}>
        Dismiss
      </button>
      {unread.length > 0 && <UnreadList unread={unread} />}
      {report.problems.length > 0 && <ProblemList problems={report.problems} />}
    </div>
  );
}

/** The files an import could not read, per dataset left out, as `path: reason`. */
function UnreadList({ unread }: { unread: UnreadDataset[] }) {
  const files = unread.flatMap((d) => d.files);
  return (
    <details className="problems" open={files.length <= 20}>
      <summary>
        {files.length} file{files.length === 1 ? '' : 's'} could not be read
      </summary>
      <ul aria-label="Unread files">
        {files.slice(0, 500).map((f) => (
          <li key={f.path} className="error">
            <code>
              {f.path}: {f.message}
            </code>
          </li>
        ))}
        {files.length > 500 && <li>… and {files.length - 500} more</li>}
      </ul>
    </details>
  );
}
