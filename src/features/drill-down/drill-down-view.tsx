// Prompt drill-down: the selected prompt's samples of the chosen systems on one joint map (colour = system, shape = kind),
// clusters with their distinctive words and which systems fall where, a sample × sample heatmap and a system × system matrix.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ProjectionProgress } from '../../core/projection/job';
import { mapReadyQuery, promptMapQuery, readyRows } from '../../data/map-queries';
import { datasetMetaQuery } from '../../data/queries';
import { useLinkedSelection, useLinkedStore } from '../../state/linked-selection-store';
import { useMapParams } from '../../state/map-params';
import { useSelectedSample, useSelectionStore } from '../../state/selection-store';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { useChosenSystems, useDatasetKey, usePromptIndex, useSplit, useViewActions } from '../../state/view-store';
import { FigureExportProvider } from '../../ui/export/export-context';
import { MapExportMenu } from '../../ui/export/map-export-menu';
import { useFigureHost } from '../../state/figure-host';
import { SplitSelect } from '../../ui/split-select';
import { colorPoints } from '../../figures/map-colors';
import { MapLegend, MethodPicker, ToolPicker } from '../../ui/scatter/map-controls';
import { MapPlot } from '../../ui/scatter/map-plot';
import type { ScatterInstance, ScatterMode } from '../../ui/scatter/scatter';
import { ClusterTable } from './cluster-table';
import { CoveragePanel } from './coverage-panel';
import { SimilarityHeatmap } from './similarity-heatmap';
import { SystemMatrix } from './system-matrix';
import './drill-down.css';
import { sampleHeatmapSpec, systemMatrixSpec } from '../../figures/drill-down-figures';
import { ExportMenu } from '../../ui/export/export-menu';
import { figureDatasetParams } from '../../data/workspace';

/** The drill-down tab. Reads dataset, prompt, split, systems and projection from the URL state. */
export function DrillDownView() {
  const qc = useQueryClient();
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data ?? undefined;
  const prompt = usePromptIndex();
  const split = useSplit();
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  const [params, setParams] = useMapParams();
  const chosen = useChosenSystems();
  const { splitChosen, systemsChosen, promptSelected } = useViewActions();
  const linked = useLinkedSelection();
  const samplesPicked = useLinkedStore((s) => s.samplesPicked);
  const selectionCleared = useLinkedStore((s) => s.selectionCleared);
  const pinned = useSelectedSample();
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  const [mode, setMode] = useState<ScatterMode>('pan');
  const [progress, setProgress] = useState<ProjectionProgress | null>(null);
  const mapRef = useRef<ScatterInstance | null>(null);

  const ready = useQuery(mapReadyQuery(qc, meta, split, model));
  const embeddedSystems = useMemo(() => (ready.data ?? []).filter((c) => c.embedded > 0).map((c) => c.system), [ready.data]);
  const systems = useMemo(() => {
    const inSplit = new Set<string>(meta?.systemsBySplit[split] ?? []);
    return (chosen ?? embeddedSystems).filter((s) => inSplit.has(s));
  }, [chosen, embeddedSystems, meta, split]);
  const projection = useMemo(() => ({ method: params.method, seed: params.seed, nNeighbors: params.nNeighbors, minDist: params.minDist, threshold }), [params, threshold]);
  // PCA at once; UMAP replaces it when ready.
  const pcaQ = useQuery({ ...promptMapQuery(qc, meta, split, model, prompt, systems, { ...projection, method: 'pca' }, readyRows(ready.data)), placeholderData: (prev) => prev });
  const umapQ = useQuery({
    ...promptMapQuery(qc, meta, split, model, prompt, systems, projection, readyRows(ready.data), setProgress),
    enabled: params.method === 'umap' && meta !== undefined && prompt !== undefined && systems.length > 0,
  });
  const mapQ = params.method === 'umap' && (umapQ.data || umapQ.error) ? umapQ : pcaQ;
  const got = mapQ.data;
  const umapPending = params.method === 'umap' && (umapQ.isFetching || !umapQ.data) && !umapQ.error;

  const kindOf = useCallback((s: string) => meta?.systems.find((x) => x.id === s)?.kind ?? 'other', [meta]);
  const colored = useMemo(() => (got ? colorPoints({ ...got.map, kindOf }, 'system') : null), [got, kindOf]);
  // The similarity blocks as figure specs, for their Export menus (and `overton figure`).
  const similaritySpecs = useMemo(
    () => (got && got.map.rows.n > 0 && prompt !== undefined ? { samples: sampleHeatmapSpec(prompt, got.map, kindOf), systems: systemMatrixSpec(prompt, got.map, kindOf) } : null),
    [got, prompt, kindOf],
  );
  // A figure config records the embedding model and the projection/clustering parameters beside the view state.
  const figureParams = useMemo(
    () => ({ ...figureDatasetParams(meta), embeddingModel: model, projection }),
    [meta, model, projection],
  );
  const figureHost = useFigureHost(figureParams);
  const refOf = useCallback(
    (i: number) => {
      const r = got!.map.rows;
      return { system: r.systems[r.system[i]!]!, prompt: r.prompt[i]!, index: r.sample[i]! };
    },
    [got],
  );
  const state = useMemo(() => {
    if (!got) return null;
    const r = got.map.rows;
    const s = new Uint8Array(r.n);
    let any = false;
    for (let i = 0; i < r.n; i++) {
      const k = `${r.prompt[i]}/${r.sample[i]}/${r.systems[r.system[i]!]}`;
      const isPinned = pinned !== null && pinned.prompt === r.prompt[i] && pinned.index === r.sample[i] && pinned.system === r.systems[r.system[i]!];
      if (isPinned || linked?.keys.has(k)) s[i] = 2;
      else if (linked) s[i] = 1;
      any ||= s[i] !== 0;
    }
    return any ? s : null;
  }, [got, linked, pinned]);
  const tooltip = useCallback(
    (row: number) => {
      const ref = refOf(row);
      return (
        <>
          <div className="tip-head">
            {ref.system} · sample {ref.index + 1}
            {got!.map.labels[row]! >= 0 && ` · cluster ${got!.map.labels[row]! + 1}`}
          </div>
          {got!.text(row).slice(0, 600)}
        </>
      );
    },
    [refOf, got],
  );
  const onSelect = useCallback((rows: number[]) => samplesPicked('drill-down', `${mode === 'box' ? 'Box' : 'Lasso'}: ${rows.length} samples`, rows.map(refOf)), [samplesPicked, refOf, mode]);
  const onPointClick = useCallback((row: number) => sampleSelected(row >= 0 ? refOf(row) : null), [sampleSelected, refOf]);

  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const current = prompt === undefined ? undefined : meta.prompts.find((p) => p.index === prompt);
  if (!current) {
    return (
      <div className="empty">
        <p>Choose a prompt on the left to see its samples on one map.</p>
        {meta.prompts[0] && (
          <button type="button" onClick={() => promptSelected(meta.prompts[0]!.index)}>
            Show the first prompt
          </button>
        )}
      </div>
    );
  }
  const pinnedRow = got && pinned ? [...Array(got.map.rows.n).keys()].find((i) => { const r = refOf(i); return r.system === pinned.system && r.prompt === pinned.prompt && r.index === pinned.index; }) : undefined;

  let message: string | null = null;
  if (ready.isPending) message = 'Counting embedded samples…';
  else if (ready.error) message = `Could not read the embeddings: ${ready.error.message}`;
  else if (!embeddedSystems.length) message = 'No sample of this split is embedded with the current model. Embed systems in the Embeddings tab (or import vectors there).';
  else if (!systems.length) message = 'None of the chosen systems has samples in this split. Pick systems in Browse, or reset them.';
  else if (mapQ.error) message = `The map could not be made: ${mapQ.error.message}`;
  else if (got && got.map.rows.n === 0) message = `No embedded sample of prompt ${current.index} for ${systems.join(', ')}.`;
  else if (!got) message = progress ? `Projecting… ${progress.phase}` : 'Projecting…';

  return (
    <FigureExportProvider host={figureHost}>
    <div className="map-view drill-down">
      <div className="map-toolbar" role="toolbar" aria-label="Drill-down options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
        <MethodPicker method={params.method} seed={params.seed} onChange={setParams} umapAvailable />
        <ToolPicker value={mode} onChange={setMode} />
        {colored && got && got.map.rows.n > 0 && (
          <MapExportMenu
            instance={mapRef}
            legend={colored.legend.map((k) => ({ label: k.label, color: k.color, shape: k.shape as 0 | 1 | 2 | 3 }))}
            name={`drill-down-p${current.index}-${got.map.method}`}
            title="Joint map"
            xLabel={`${got.map.method.toUpperCase()} 1`}
            yLabel={`${got.map.method.toUpperCase()} 2`}
            inputs={{ prompt: current.index, systems: systems.join(','), method: got.map.method }}
          />
        )}
        {chosen && (
          <button type="button" className="link" onClick={() => systemsChosen(embeddedSystems)}>
            All embedded systems
          </button>
        )}
      </div>
      <div className="prompt-head" aria-label="Selected prompt">
        <span className="muted">Prompt {current.index}</span> <span className="prompt-one-line">{current.text}</span>
      </div>
      <div className="map-status" role="status">
        {got && `${got.map.rows.n} samples of ${got.map.systems.length} systems · ${got.map.method.toUpperCase()} · ${got.map.clusterWords.length} clusters at cosine ≥ ${threshold}`}
        {got && got.map.missing.length > 0 && <span className="error-text"> · not embedded for this prompt: {got.map.missing.join(', ')}</span>}
        {got?.map.message && <span className="error-text"> · {got.map.message}</span>}
        {umapPending && got && ` · UMAP ${progress ? progress.phase : 'starting'}…`}
      </div>
      <div className="drill-grid">
        <section className="drill-map" aria-label="Joint map">
          <div className="map-main">
            {colored && got && got.map.rows.n > 0 && (
              <MapPlot data={colored.data} state={state} mode={mode} label={`Joint map of ${got.map.rows.n} samples`} tooltip={tooltip} onPointClick={onPointClick} onSelect={onSelect} refitKey={`${key}|${prompt}|${systems.join(',')}|${got.map.method}|${params.seed}`} pointSize={9} instanceRef={mapRef} />
            )}
            {message && <p className="map-message">{message}</p>}
          </div>
          {pinnedRow !== undefined && got && (
            <div className="pinned" aria-label="Pinned sample">
              <div className="tip-head">
                Pinned: {pinned!.system} · sample {pinned!.index + 1}{' '}
                <button type="button" className="link" onClick={() => sampleSelected(null)}>
                  unpin
                </button>
              </div>
              <p className="pinned-text">{got.text(pinnedRow)}</p>
            </div>
          )}
        </section>
        <aside className="map-side" aria-label="Systems and clusters">
          {linked && (
            <p>
              <span className="map-chip">
                {linked.label}
                <button type="button" className="link" onClick={selectionCleared}>
                  clear
                </button>
              </span>
            </p>
          )}
          {colored && <MapLegend title="Systems" items={colored.legend.map((k) => ({ label: k.label, color: k.color, shape: k.shape, count: k.count }))} />}
          {got && got.map.clusterWords.length > 0 && (
            <ClusterTable
              map={got.map}
              onPick={(c) => {
                const rows: number[] = [];
                got.map.labels.forEach((l, i) => l === c && rows.push(i));
                samplesPicked('drill-down', `Cluster ${c + 1}: ${got.map.clusterWords[c]!.slice(0, 3).join(', ')}`, rows.map(refOf));
              }}
            />
          )}
        </aside>
        {got && got.map.rows.n > 0 && (
          <section className="drill-blocks" aria-label="Similarity">
            <div className="drill-block">
              <h3>
                Sample × sample cosine {similaritySpecs && <ExportMenu spec={similaritySpecs.samples} />}
              </h3>
              <SimilarityHeatmap rows={got.map.rows} heatmap={got.map.heatmap} />
            </div>
            <div className="drill-block">
              <h3>
                System × system mean cosine (diagonal: self-similarity) {similaritySpecs && <ExportMenu spec={similaritySpecs.systems} />}
              </h3>
              <SystemMatrix systems={got.map.systems} matrix={got.map.systemMatrix} />
            </div>
            <div className="coverage-block">
              <h3>Coverage of a base sample&apos;s sentences</h3>
              <CoveragePanel
                key={`${prompt}|${systems.join(',')}`}
                meta={meta}
                split={split}
                model={model}
                prompt={current.index}
                threshold={threshold}
                systems={got.map.systems.map((system) => ({
                  system,
                  kind: kindOf(system),
                  samples: [...new Set([...Array(got.map.rows.n).keys()].filter((i) => got.map.rows.systems[got.map.rows.system[i]!] === system).map((i) => got.map.rows.sample[i]!))],
                }))}
              />
            </div>
          </section>
        )}
      </div>
    </div>
    </FigureExportProvider>
  );
}
