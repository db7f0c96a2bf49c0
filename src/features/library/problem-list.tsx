// A collapsible list of import problems as `file:line: message`.

import type { ImportProblem } from '../../core/model/types';

/** Formats one problem as `file:line: message` (line omitted when unknown). */
export function formatProblem(p: ImportProblem): string {
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${p.message}`;
}

/** Problems of an import; open by default when there are few. */
export function ProblemList({ problems }: { problems: ImportProblem[] }) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <details className="problems" open={errors > 0 && problems.length <= 20}>
      <summary>
        {problems.length} import problem{problems.length === 1 ? '' : 's'} ({errors} error{errors === 1 ? '' : 's'})
      </summary>
      <ul aria-label="Import problems">
        {problems.slice(0, 500).map((p, i) => (
          <li key={i} className={p.severity}>
            <code>{formatProblem(p)}</code>
          </li>
        ))}
        {problems.length > 500 && <li>… and {problems.length - 500} more</li>}
      </ul>
    </details>
  );
}
