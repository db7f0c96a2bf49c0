// The app shell: providers, header (dataset picker, view tabs, legend), prompt list on the left, active view in the middle.

import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { datasetListQuery, datasetMetaQuery } from '../data/queries';
import { PromptList } from '../features/browse/prompt-list';
import { ImportStatus } from '../features/library/import-status';
import { useAutoImport } from '../features/library/use-auto-import';
import { useActiveView, useDatasetKey, useLinkProblem, useViewActions, syncViewStateWithHash } from '../state/view-store';
import { KindLegend } from '../ui/kind-legend';
import { createQueryClient } from './query-client';
import { MissingDatasetNotice, useDatasetFallback } from './use-dataset-fallback';
import { resolveView, views } from './views';
import './app.css';

/** The root component with its providers. */
export function App() {
  const [client] = useState(createQueryClient);
  useEffect(() => syncViewStateWithHash(), []);
  return (
    <QueryClientProvider client={client}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell() {
  useAutoImport();
  const datasetKey = useDatasetKey();
  const { datasetOpened, viewChosen } = useViewActions();
  const list = useQuery(datasetListQuery());
  const meta = useQuery({ ...datasetMetaQuery(datasetKey ?? ''), enabled: datasetKey !== undefined });
  const dataset = meta.data ?? undefined;
  const fallback = useDatasetFallback(list.data);

  const activeId = useActiveView();
  const ctx = { dataset };
  const active = resolveView(activeId, ctx);
  const tabs = views.filter((v) => v.appliesTo(ctx));
  const Active = active?.component;
  // WAI-ARIA tabs: one tab stop for the strip, arrows (and Home/End) move between tabs and open the one reached.
  const onTabKey = (e: KeyboardEvent) => {
    const at = tabs.findIndex((v) => v.id === active?.id);
    const to =
      e.key === 'ArrowRight' ? (at + 1) % tabs.length : e.key === 'ArrowLeft' ? (at - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    const next = tabs[to];
    if (!next) return;
    e.preventDefault();
    viewChosen(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <div className="shell">
      <header className="shell-header">
        <h1 className="brand">Overton</h1>
        <label className="picker">
          <span>Dataset</span>
          <select
            aria-label="Dataset"
            value={datasetKey ?? ''}
            onChange={(e) => datasetOpened(e.target.value || undefined)}
            disabled={!list.data?.length}
          >
            {!list.data?.length && <option value="">No data yet</option>}
            {list.data?.map((d) => (
              <option key={d.key} value={d.key}>
                {d.name} ({d.prompts.length} prompts)
              </option>
            ))}
          </select>
        </label>
        <nav role="tablist" aria-label="Views" className="tabs" onKeyDown={onTabKey}>
          {tabs.map((v) => (
            <button
              key={v.id}
              id={`tab-${v.id}`}
              role="tab"
              aria-selected={v.id === active?.id}
              aria-controls="view-panel"
              tabIndex={v.id === active?.id ? 0 : -1}
              className="tab"
              onClick={() => viewChosen(v.id)}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <KindLegend />
      </header>
      <ImportStatus />
      <LinkProblemNotice />
      {fallback.missing && <MissingDatasetNotice missing={fallback.missing} onDismiss={fallback.dismiss} />}
      <div className="shell-body">
        {dataset && (
          <aside className="shell-side" aria-label="Prompts">
            {/* Keyed: the search text and keyboard cursor belong to one dataset's list. */}
            <PromptList key={dataset.key} dataset={dataset} />
          </aside>
        )}
        <main id="view-panel" className="shell-main" role="tabpanel" aria-labelledby={active ? `tab-${active.id}` : undefined}>
          {Active ? <Active /> : null}
        </main>
      </div>
    </div>
  );
}

/** Says that the link the page was opened with was refused (too large, damaged, invalid fields), until dismissed. */
function LinkProblemNotice() {
  const problem = useLinkProblem();
  const { linkNoticeDismissed } = useViewActions();
  if (!problem) return null;
  return (
    <div className="import-status notice" role="alert" aria-label="Refused link">
      <span>{problem}</span>
      <button type="button" className="link" onClick={linkNoticeDismissed}>
        Dismiss
      </button>
    </div>
  );
}
