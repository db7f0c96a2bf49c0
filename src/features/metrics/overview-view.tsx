// Overview view: the paper's per-system figures for the open dataset (systems as rows grouped by kind, sortable).

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { Tokenizer } from '../../core/metrics/tokenize';
import { overviewQuery } from '../../data/measurer-client';
import { datasetMetaQuery } from '../../data/queries';
import { useDatasetKey, useSplit, useViewActions } from '../../state/view-store';
import { KIND_COLORS, KIND_LABELS } from '../../figures/palette';
import { TableExportMenu } from '../../ui/export/table-export';
import { SplitSelect } from '../../ui/split-select';
import metricsDoc from '../../../docs/METRICS.md?raw';
import { groupAndSort, overviewRows, visibleColumns, type SortBy } from './overview-columns';

const fmt = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits));

/** The Overview view. Reads dataset and split from the URL state; tokenizer and sort are local to the view. */
export function OverviewView() {
  const key = useDatasetKey();
  const split = useSplit();
  const { splitChosen, systemsChosen, viewChosen } = useViewActions();
  const [tokenizer, setTokenizer] = useState<Tokenizer>('regex');
  const [sort, setSort] = useState<SortBy>({ key: 'jaccard_all', desc: true });
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data;
  const overview = useQuery({
    ...overviewQuery(key ?? '', meta?.contentHash ?? '', tokenizer),
    enabled: key !== undefined && meta != null,
  });

  const rows = useMemo(
    () => (overview.data ? overviewRows(overview.data.outputs, overview.data.judges, overview.data.systems, split) : []),
    [overview.data, split],
  );
  const groups = useMemo(() => groupAndSort(rows, sort), [rows, sort]);
  const columns = useMemo(() => visibleColumns(rows), [rows]);
  // The table as shown (grouped, sorted, visible columns), METRICS.md field names as headers, numbers unrounded.
  const exportTable = useMemo(
    () => ({ columns: ['system', ...columns.map((c) => c.key)], rows: groups.flatMap((g) => g.rows.map((r) => [r.system, ...columns.map((c) => r.values[c.key] ?? null)])) }),
    [groups, columns],
  );

  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const sortOn = (k: string) => setSort((s) => ({ key: k, desc: s.key === k ? !s.desc : k !== 'system' }));
  const arrow = (k: string) => (sort.key === k ? (sort.desc ? ' ▼' : ' ▲') : '');

  return (
    <div className="overview">
      <div className="browse-toolbar" role="toolbar" aria-label="Overview options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
        <label title="regex: the reference definition (METRICS.md); treebank: NLTK word_tokenize-like, as the paper's code">
          Tokenizer{' '}
          <select aria-label="Tokenizer" value={tokenizer} onChange={(e) => setTokenizer(e.target.value as Tokenizer)}>
            <option value="regex">regex (reference)</option>
            <option value="treebank">Treebank (NLTK-like)</option>
          </select>
        </label>
        {overview.isPlaceholderData ? (
          <span role="status" className="muted">
            Recomputing with the {tokenizer} tokenizer…
          </span>
        ) : (
          // One measurer run covers every split, so the time is that run's (not this split's), and says so.
          overview.data && (
            <span className="muted">
              all {meta.splits.length === 1 ? 'splits' : `${meta.splits.length} splits`} measured in {Math.round(overview.data.ms)} ms ({tokenizer} tokenizer,
              measurer worker)
            </span>
          )
        )}
        {rows.length > 0 && <TableExportMenu table={exportTable} name={`overview-${meta.name}-${split}`} label={`Overview of ${meta.name}`} />}
      </div>
      {overview.isPending && <p className="muted">Computing the overview…</p>}
      {overview.isError && <p role="alert">Could not compute the overview: {overview.error.message}</p>}
      {overview.data && rows.length === 0 && <p className="empty">No samples in split {split}.</p>}
      {rows.length > 0 && (
        // While another tokenizer's figures compute, the previous ones stay, dimmed (the query's placeholder data).
        <table
          className={`dataset-table overview-table${overview.isPlaceholderData ? ' stale' : ''}`}
          aria-label={`Overview of ${meta.name}, ${split}`}
          aria-busy={overview.isPlaceholderData}
        >
          <thead>
            <tr>
              <th scope="col" aria-sort={sort.key === 'system' ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="link" onClick={() => sortOn('system')}>
                  system{arrow('system')}
                </button>
              </th>
              {columns.map((c) => (
                <th key={c.key} scope="col" title={c.title} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                  <button type="button" className="link" onClick={() => sortOn(c.key)}>
                    {c.label}
                    {arrow(c.key)}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={g.kind}>
              <tr className="group-row">
                <th colSpan={columns.length + 1} scope="rowgroup" style={{ color: KIND_COLORS[g.kind] }}>
                  {KIND_LABELS[g.kind]}
                </th>
              </tr>
              {g.rows.map((r) => (
                <tr key={r.system}>
                  <th scope="row" className="system-cell" style={{ boxShadow: `inset 3px 0 0 ${KIND_COLORS[r.kind]}` }}>
                    <button
                      type="button"
                      className="link system-link"
                      title={`Open ${r.system} in Browse`}
                      onClick={() => {
                        systemsChosen([r.system]);
                        viewChosen('browse');
                      }}
                    >
                      {r.system}
                    </button>
                  </th>
                  {columns.map((c) => (
                    <td key={c.key} className="num">
                      {fmt(r.values[c.key] ?? null, c.digits)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      )}
      <p className="muted">
        Click a system to read its samples in Browse. Lexical figures are over valid responses; within-prompt figures over
        prompts with ≥ 2 responses. Judge columns show the judge folder named after the system, on the sampled split.
      </p>
      {/* The repository's own definitions page, bundled as text so it is there offline and always matches this build. */}
      <details className="metrics-doc">
        <summary>Metric definitions (docs/METRICS.md)</summary>
        <div className="doc-text" role="document" aria-label="Metric definitions">
          {metricsDoc}
        </div>
      </details>
    </div>
  );
}
