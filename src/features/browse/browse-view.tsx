// Browse view: the selected prompt's samples side by side, one column per chosen system, for one split.

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { datasetMetaQuery } from '../../data/queries';
import { useChosenSystems, useDatasetKey, useShownPrompt, useSplit, useViewActions } from '../../state/view-store';
import { sortSystemsByKind } from '../../figures/palette';
import { SplitSelect } from '../../ui/split-select';
import { defaultSystems } from './default-systems';
import { HintStrip } from './hint-strip';
import './measures.css';
import { SampleColumn } from './sample-column';
import { SystemPicker } from './system-picker';
import { TableExportMenu } from '../../ui/export/table-export';
import { usePromptReport } from './use-prompt-report';

/** The browse view. Reads dataset, prompt, split and systems from the URL state. */
export function BrowseView() {
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data;
  const prompt = useShownPrompt(meta?.prompts[0]?.index);
  const split = useSplit();
  const chosen = useChosenSystems();
  const { systemsChosen, splitChosen, promptSelected } = useViewActions();

  const inSplit = useMemo(() => {
    if (!meta) return [];
    const have = new Set<string>(meta.systemsBySplit[split] ?? []);
    return sortSystemsByKind(meta.systems.filter((s) => have.has(s.id)));
  }, [meta, split]);
  const shown = useMemo(() => {
    const ids = chosen ?? defaultSystems(inSplit);
    return ids.map((id) => inSplit.find((s) => s.id === id)).filter((s) => s !== undefined);
  }, [chosen, inSplit]);
  const shownIds = useMemo(() => shown.map((s) => s.id as string), [shown]);
  const { report, columnOf, error: reportError } = usePromptReport(key ?? '', meta?.contentHash, split, prompt, shownIds);
  // This prompt's METRICS.md measures per shown system (one row each), for LaTeX/CSV export.
  const measuresTable = useMemo(() => {
    const fields = ['n_samples', 'n_valid', 'mean_words', 'jaccard_all', 'jaccard_nostop', 'distinct_prefix5_ratio', 'mean_pairwise_len_diff', 'frac_numbered_list', 'frac_bullet_list', 'frac_abstain'] as const;
    const rows = (report?.columns ?? []).filter((c) => c.measures).map((c) => [c.system, ...fields.map((f) => c.measures![f])]);
    return { columns: ['system', ...fields], rows };
  }, [report]);

  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const current = prompt === undefined ? undefined : meta.prompts.find((p) => p.index === prompt);

  return (
    <div className="browse">
      <div className="browse-toolbar" role="toolbar" aria-label="Browse options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
        <SystemPicker systems={inSplit} chosen={shown.map((s) => s.id)} onChange={systemsChosen} />
        {current && measuresTable.rows.length > 0 && <TableExportMenu table={measuresTable} name={`prompt-${current.index}-measures-${split}`} label={`Measures of prompt ${current.index}`} />}
        {chosen && (
          <button type="button" className="link" onClick={() => systemsChosen(defaultSystems(inSplit))}>
            Reset systems
          </button>
        )}
      </div>
      {current ? (
        <>
          <div className="prompt-head" aria-label="Selected prompt">
            <span className="muted">Prompt {current.index}</span>
            <p className="prompt-full">{current.text}</p>
          </div>
          {report && <HintStrip key={current.index} hints={report.hints} shown={shown} />}
          {report && !report.judged && meta.judgeCount > 0 && (
            <p className="muted small">Judge and BERTScore results score the sampled split (outputs); choose it to see them.</p>
          )}
          {reportError && <p role="alert" className="error-text">Measures unavailable: {reportError.message}</p>}
          {shown.length === 0 && (
            <p className="empty" role="status">
              {inSplit.length
                ? 'No system is selected: tick one or more under “Systems” above to see their samples.'
                : `No system has samples in the ${split} split; choose another split.`}
            </p>
          )}
          <div className="columns" style={{ gridTemplateColumns: `repeat(${Math.max(1, shown.length)}, minmax(var(--column-min), 1fr))` }}>
            {shown.map((s) => (
              <SampleColumn
                key={s.id}
                datasetKey={key}
                split={split}
                system={s}
                prompt={current.index}
                report={columnOf(s.id)}
                judged={report?.judged ?? false}
              />
            ))}
          </div>
        </>
      ) : (
        <div className="empty">
          <p>{meta.prompts.length ? `Prompt ${prompt} is not in this dataset; choose one on the left.` : 'This dataset has no prompts.'}</p>
          {meta.prompts[0] && (
            <button type="button" onClick={() => promptSelected(meta.prompts[0]!.index)}>
              Show the first prompt
            </button>
          )}
        </div>
      )}
    </div>
  );
}
