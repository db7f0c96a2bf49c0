// Export of a table (Overview, per-prompt measures, semantic table): booktabs LaTeX at a chosen precision with an
// optional bold best value per column, or CSV, through the same formatters as the CLI (`core/export/table.ts`).

import { useMemo, useState } from 'react';
import { toCsv, toLatex, type Best, type Table } from '../../core/export/table';
import { download } from './browser-files';
import './export.css';

/** LaTeX and CSV downloads of `table` (named field columns; numbers unrounded), file names from `name`. */
export function TableExportMenu({ table, name, label }: { table: Table; name: string; label: string }) {
  const [open, setOpen] = useState(false);
  const [digits, setDigits] = useState(3);
  const [best, setBest] = useState<'off' | Best>('off');
  const numericCols = useMemo(() => table.columns.filter((_, i) => table.rows.some((r) => typeof r[i] === 'number')), [table]);
  const latex = useMemo(
    () => (open ? toLatex(table, { digits, ttHeader: true, best: best === 'off' ? undefined : Object.fromEntries(numericCols.map((c) => [c, best])) }) : ''),
    [open, table, digits, best, numericCols],
  );
  return (
    <div className="export-menu table-export">
      <button type="button" className="link" aria-expanded={open} aria-label={`Export table: ${label}`} onClick={() => setOpen((o) => !o)}>
        Export table
      </button>
      {open && (
        <div className="export-panel" role="group" aria-label={`Export table: ${label}`}>
          <div className="export-options">
            <label>
              Decimals{' '}
              <select value={digits} onChange={(e) => setDigits(Number(e.target.value))}>
                {[1, 2, 3, 4].map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Bold best per column{' '}
              <select value={best} onChange={(e) => setBest(e.target.value as 'off' | Best)}>
                <option value="off">off</option>
                <option value="max">highest</option>
                <option value="min">lowest</option>
              </select>
            </label>
            <button type="button" onClick={() => download(new Blob([latex + '\n'], { type: 'application/x-tex' }), `${name}.tex`)}>
              LaTeX
            </button>
            <button type="button" onClick={() => download(new Blob([toCsv(table, { digits: 6 }) + '\n'], { type: 'text/csv' }), `${name}.csv`)}>
              CSV
            </button>
          </div>
          <pre className="export-latex" aria-label="LaTeX preview">
            {latex}
          </pre>
        </div>
      )}
    </div>
  );
}
