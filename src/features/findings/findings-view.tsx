// Findings view: the paper's figure families for the open dataset and split, filterable by system (shared view state).

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { JUDGED_SPLIT } from '../../core/metrics/distributions';
import { datasetMetaQuery } from '../../data/queries';
import { useFigureHost } from '../../state/figure-host';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { useDatasetKey, useSplit, useViewActions } from '../../state/view-store';
import { ChartFrame } from '../../ui/chart/chart-frame';
import { FigureExportProvider } from '../../ui/export/export-context';
import { FigurePackButton } from '../../ui/export/figure-pack';
import { SplitSelect } from '../../ui/split-select';
import { CoverageSection } from './coverage-section';
import './findings.css';
import { measureFigures } from '../../figures/findings-figures';
import { SemanticSection } from './semantic-section';
import { SystemFilter } from './system-filter';
import { useFindingsTables, useShownSystems } from './use-findings';
import { figureDatasetParams } from '../../data/workspace';

const SECTIONS: readonly [string, string][] = [
  ['findings-lexical', 'Length & lexical'],
  ['findings-semantic', 'Semantic'],
  ['findings-teacher', 'Teacher'],
  ['findings-judges', 'Format & quality'],
  ['findings-stance', 'Stance'],
  ['findings-coverage', 'Coverage'],
];

/** The Findings view. Reads dataset, split and systems shown from the URL state. */
export function FindingsView() {
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data ?? undefined;
  const split = useSplit();
  const { splitChosen, systemsChosen } = useViewActions();
  const { inSplit, shown, chosen } = useShownSystems(meta, split);
  const tables = useFindingsTables(meta, split);
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  // What a config needs beyond the view state to rebuild a chart headlessly (`overton figure`).
  const figureParams = useMemo(
    () => (meta ? { ...figureDatasetParams(meta), embeddingModel: model, threshold } : undefined),
    [meta, model, threshold],
  );
  const figureHost = useFigureHost(figureParams);
  const t = tables.data;
  const specs = useMemo(() => (t ? measureFigures(shown, t) : null), [t, shown]);

  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const judged = split === JUDGED_SPLIT;
  const unjudged = t ? shown.filter((s) => !t.quality.some((q) => q.system === s.id)).map((s) => s.id) : [];

  return (
    <FigureExportProvider host={figureHost}>
    <div className="findings">
      <div className="browse-toolbar" role="toolbar" aria-label="Findings options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
        <SystemFilter systems={inSplit} shown={shown} onChange={systemsChosen} />
        {chosen && shown.length < inSplit.length && (
          <button type="button" className="link" onClick={() => systemsChosen(inSplit.map((s) => s.id))}>
            Show all systems
          </button>
        )}
        <nav className="findings-nav" aria-label="Sections">
          {SECTIONS.filter(([id]) => id !== 'findings-stance' || (t && t.stance.length > 0)).map(([id, label]) => (
            // Buttons, not #anchors: the URL hash holds the view state.
            <button key={id} type="button" className="link" onClick={() => document.getElementById(id)?.scrollIntoView({ block: 'start' })}>
              {label}
            </button>
          ))}
        </nav>
        <FigurePackButton name={`findings-${key}`} />
      </div>
      {shown.length === 0 ? (
        <div className="empty" role="status">
          <p>No system is selected. Tick systems in the Systems filter, or show them all.</p>
          <button type="button" onClick={() => systemsChosen(inSplit.map((s) => s.id))}>
            Show all systems
          </button>
        </div>
      ) : (
        <>
          {shown.length === 1 && <p className="muted" role="status">One system shown: the charts show its spread; tick more systems to compare.</p>}
          {tables.isPending && <p className="muted" role="status">Computing per-prompt measures in the measurer worker…</p>}
          {tables.isError && <p role="alert" className="error-text">Could not compute the measures: {tables.error.message}</p>}
          {specs && t && (
            <>
              <section id="findings-lexical" aria-label="Length and lexical diversity" className="findings-grid">
                <ChartFrame spec={specs.length} />
                <ChartFrame spec={specs.jaccard} />
              </section>
              <SemanticSection
                meta={meta}
                split={split}
                shown={shown}
                tables={t}
                bertscore={
                  specs.bertscore.rows.length > 0 ? (
                    <ChartFrame spec={specs.bertscore} />
                  ) : (
                    <p className="empty-card">{judged ? 'No BERTScore files for the shown systems in this dataset.' : 'BERTScore files score the sampled split (outputs); choose it in Split to see them.'}</p>
                  )
                }
              />
              <section id="findings-judges" aria-label="Format and quality" className="findings-grid">
                <ChartFrame spec={specs.format} />
                {!judged ? (
                  <p className="empty-card">Judge files score the sampled split (outputs); choose it in Split to see quality by aspect.</p>
                ) : specs.quality.rows.length === 0 ? (
                  <p className="empty-card">None of the shown systems has an eval-quality judge folder in this dataset, so there is no quality chart. Import judge outputs (eval-quality/outputs/&lt;system&gt;/) to see one.</p>
                ) : (
                  <div>
                    <ChartFrame spec={specs.quality} />
                    {unjudged.length > 0 && <p className="muted small">No quality judge files: {unjudged.join(', ')}.</p>}
                  </div>
                )}
              </section>
              {t.stance.length > 0 && (
                <section id="findings-stance" aria-label="Stance composition" className="findings-grid">
                  {specs.stanceLabels.rows.length === 0 ? (
                    <p className="empty-card">None of the shown systems has a stance judge folder.</p>
                  ) : (
                    <>
                      <ChartFrame spec={specs.stanceLabels} />
                      <ChartFrame spec={specs.stancePatterns} />
                      <div className="findings-wide">
                        <ChartFrame spec={specs.stanceMatrix} />
                      </div>
                    </>
                  )}
                </section>
              )}
              <CoverageSection meta={meta} split={split} systems={inSplit} />
            </>
          )}
        </>
      )}
    </div>
    </FigureExportProvider>
  );
}
