// Corpus map view: every embedded sample of a split on one WebGL map; colour by system/kind/cluster/length/format; lasso or box selection lists samples and opens them in Browse.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ProjectionProgress } from '../../core/projection/job';
import { corpusClustersQuery, corpusMapQuery, embeddableRows, mapReadyQuery, readyRows } from '../../data/map-queries';
import { datasetMetaQuery } from '../../data/queries';
import { useLinkedSelection, useLinkedStore } from '../../state/linked-selection-store';
import { useMapColorBy, useMapParams } from '../../state/map-params';
import { useSelectionStore } from '../../state/selection-store';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { useChosenSystems, useDatasetKey, useSplit, useViewActions } from '../../state/view-store';
import { SplitSelect } from '../../ui/split-select';
import { colorPoints, sampleColorInputs } from '../../figures/map-colors';
import { MapLegend, MethodPicker, ToolPicker } from '../../ui/scatter/map-controls';
import type { ScatterInstance, ScatterMode } from '../../ui/scatter/scatter';
import { FigureExportProvider } from '../../ui/export/export-context';
import { MapExportMenu } from '../../ui/export/map-export-menu';
import { useFigureHost } from '../../state/figure-host';
import { MapPlot } from '../../ui/scatter/map-plot';
import { SelectionList } from './selection-list';
import { figureDatasetParams } from '../../data/workspace';

const POLL_MS = 8000;

/** The corpus map tab. Reads dataset, split, systems, projection and colour-by from the URL state. */
export function CorpusMapView() {
  const qc = useQueryClient();
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data ?? undefined;
  const split = useSplit();
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  const [params, setParams] = useMapParams();
  const [colorBy, setColorBy] = useMapColorBy();
  const chosen = useChosenSystems();
  const { splitChosen, systemsChosen, promptSelected, viewChosen } = useViewActions();
  const linked = useLinkedSelection();
  const samplesPicked = useLinkedStore((s) => s.samplesPicked);
  const selectionCleared = useLinkedStore((s) => s.selectionCleared);
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  const [mode, setMode] = useState<ScatterMode>('pan');
  const [progress, setProgress] = useState<ProjectionProgress | null>(null);
  const mapRef = useRef<ScatterInstance | null>(null);

  const ready = useQuery({
    ...mapReadyQuery(qc, meta, split, model),
    // While some texts lack vectors (an embedding job may be running), look again now and then.
    refetchInterval: (q) => ((q.state.data ?? []).some((c) => c.embedded < c.samples - c.empty) ? POLL_MS : false),
  });
  const readyCount = readyRows(ready.data);
  const textCount = embeddableRows(ready.data);
  const projection = useMemo(() => ({ method: params.method, seed: params.seed, nNeighbors: params.nNeighbors, minDist: params.minDist, threshold }), [params, threshold]);
  // PCA at once; UMAP replaces it when ready (its progress shows meanwhile).
  const pcaQ = useQuery({ ...corpusMapQuery(qc, meta, split, model, { ...projection, method: 'pca' }, readyCount), placeholderData: (prev) => prev });
  const umapQ = useQuery({ ...corpusMapQuery(qc, meta, split, model, projection, readyCount, setProgress), enabled: params.method === 'umap' && readyCount > 0 && meta !== undefined });
  const mapQ = params.method === 'umap' && (umapQ.data || umapQ.error) ? umapQ : pcaQ;
  const projected = mapQ.data;
  // Clusters only when coloured by them: leader clustering of a whole split can take a while, the points need not wait.
  const clustersQ = useQuery(corpusClustersQuery(qc, meta, split, model, threshold, readyCount, colorBy === 'cluster', setProgress));
  const got = useMemo(() => {
    const c = clustersQ.data;
    if (!projected || !c || c.labels.length !== projected.map.rows.n) return projected;
    return { ...projected, map: { ...projected.map, labels: c.labels, clusterWords: c.clusterWords } };
  }, [projected, clustersQ.data]);
  const umapPending = params.method === 'umap' && (umapQ.isFetching || !umapQ.data) && !umapQ.error;

  const kindOf = useCallback((s: string) => meta?.systems.find((x) => x.id === s)?.kind ?? 'other', [meta]);
  // Per-sample length or format (core's definitions), computed only for the colouring shown.
  const sampleInputs = useMemo(() => (got ? sampleColorInputs(colorBy, got.map.rows.n, (i) => got.text(i)) : {}), [got, colorBy]);
  const colored = useMemo(
    () => (got ? colorPoints({ ...got.map, kindOf, ...sampleInputs }, colorBy) : null),
    [got, kindOf, sampleInputs, colorBy],
  );

  // Linked state: points outside the chosen systems or the linked selection are dimmed; selected ones highlighted.
  const state = useMemo(() => {
    if (!got) return null;
    const r = got.map.rows;
    const shown = chosen ? new Set(chosen) : null;
    const s = new Uint8Array(r.n);
    let any = false;
    for (let i = 0; i < r.n; i++) {
      const system = r.systems[r.system[i]!]!;
      if (shown && !shown.has(system)) {
        s[i] = 1;
        any = true;
      } else if (linked) {
        s[i] = linked.keys.has(`${r.prompt[i]}/${r.sample[i]}/${system}`) ? 2 : 1;
        any = true;
      }
    }
    return any ? s : null;
  }, [got, chosen, linked]);

  const refOf = useCallback(
    (i: number) => {
      const r = got!.map.rows;
      return { system: r.systems[r.system[i]!]!, prompt: r.prompt[i]!, index: r.sample[i]! };
    },
    [got],
  );
  const onSelect = useCallback(
    (rows: number[]) => samplesPicked('corpus-map', `${mode === 'box' ? 'Box' : 'Lasso'}: ${rows.length} samples`, rows.map(refOf)),
    [samplesPicked, refOf, mode],
  );
  const onPointClick = useCallback((row: number) => sampleSelected(row >= 0 ? refOf(row) : null), [sampleSelected, refOf]);
  const tooltip = useCallback(
    (row: number) => {
      const ref = refOf(row);
      return (
        <>
          <div className="tip-head">
            {ref.system} · prompt {ref.prompt} · sample {ref.index + 1}
            {got!.map.labels[row]! >= 0 && ` · cluster ${got!.map.labels[row]! + 1}`}
          </div>
          {got!.text(row).slice(0, 400)}
        </>
      );
    },
    [refOf, got],
  );

  // A figure config records the embedding model, projection/clustering parameters and colouring beside the view state.
  const figureParams = useMemo(
    () => ({ ...figureDatasetParams(meta), embeddingModel: model, projection, colorBy }),
    [meta, model, projection, colorBy],
  );
  const figureHost = useFigureHost(figureParams);
  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const legendItems = (colored?.legend ?? []).map((k) => ({
    label: k.label,
    color: k.color,
    shape: k.shape,
    count: k.count,
    active: colorBy === 'system' && chosen?.length === 1 && chosen[0] === k.value,
    onPick:
      colorBy === 'system' && typeof k.value === 'string'
        ? () => systemsChosen(chosen?.length === 1 && chosen[0] === k.value ? [] : [k.value as string])
        : colorBy === 'cluster' && typeof k.value === 'number'
          ? () => {
              const rows: number[] = [];
              got!.map.labels.forEach((l, i) => l === k.value && rows.push(i));
              samplesPicked('corpus-map', `Cluster ${(k.value as number) + 1}: ${got!.map.clusterWords[k.value as number]!.slice(0, 3).join(', ')}`, rows.map(refOf));
            }
          : undefined,
  }));
  const openInBrowse = (prompt: number) => {
    const systems = [...new Set([...(linked?.keys ?? [])].filter((k) => k.startsWith(`${prompt}/`)).map((k) => k.split('/').slice(2).join('/')))];
    if (systems.length) systemsChosen(systems);
    promptSelected(prompt);
    viewChosen('browse');
  };

  let message: string | null = null;
  if (ready.isPending) message = 'Counting embedded samples…';
  else if (ready.error) message = `Could not read the embeddings: ${ready.error.message}`;
  else if (readyCount === 0) message = 'No sample of this split is embedded yet with the current model. Embed systems in the Embeddings tab (or import vectors there); the map fills in as they are ready.';
  else if (mapQ.error) message = `The map could not be made: ${mapQ.error.message}`;
  else if (!got) message = progress ? `Projecting… ${progress.phase} ${progress.total ? Math.round((100 * progress.done) / progress.total) : 0}%` : 'Projecting…';

  return (
    <FigureExportProvider host={figureHost}>
    <div className="map-view corpus-map">
      <div className="map-toolbar" role="toolbar" aria-label="Map options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
        <MethodPicker method={params.method} seed={params.seed} onChange={setParams} umapAvailable />
        <label>
          Colour by{' '}
          <select aria-label="Colour by" value={colorBy} onChange={(e) => setColorBy(e.target.value as typeof colorBy)}>
            <option value="system">System</option>
            <option value="kind">Kind</option>
            <option value="cluster">Cluster</option>
            <option value="length">Length (words)</option>
            <option value="format">Format (list, refusal, prose)</option>
          </select>
        </label>
        <ToolPicker value={mode} onChange={setMode} />
        {colored && got && got.map.rows.n > 0 && (
          <MapExportMenu
            instance={mapRef}
            legend={legendItems.map((k) => ({ label: k.label, color: k.color, shape: k.shape }))}
            name={`corpus-map-${split}-${got.map.method}-${colorBy}`}
            inputs={{ method: got.map.method }}
            title="Corpus map"
            xLabel={`${got.map.method.toUpperCase()} 1`}
            yLabel={`${got.map.method.toUpperCase()} 2`}
          />
        )}
      </div>
      <div className="map-status" role="status">
        {readyCount > 0 && `${readyCount.toLocaleString('en')} of ${textCount.toLocaleString('en')} samples embedded${readyCount < textCount ? ' — showing what is ready' : ''}`}
        {got && ` · ${got.map.method.toUpperCase()}`}
        {got && clustersQ.data && ` · ${clustersQ.data.clusterWords.length} clusters at cosine ≥ ${threshold}`}
        {colorBy === 'cluster' && clustersQ.isFetching && ` · clustering${progress?.phase === 'cluster' && progress.total ? ` ${Math.round((100 * progress.done) / progress.total)}%` : ''}…`}
        {clustersQ.error && <span className="error-text"> · clustering failed: {clustersQ.error.message}</span>}
        {umapPending && got && ` · UMAP ${progress ? `${progress.phase} ${progress.total ? Math.round((100 * progress.done) / progress.total) : 0}%` : 'starting'}…`}
        {!umapPending && mapQ.isFetching && got && ' · updating…'}
        {got?.map.message && <span className="error-text"> · {got.map.message}</span>}
      </div>
      <div className="map-body">
        <div className="map-main">
          {colored && got && got.map.rows.n > 0 && (
            <MapPlot
              data={colored.data}
              state={state}
              mode={mode}
              label={`Corpus map of ${got.map.rows.n} samples`}
              tooltip={tooltip}
              onPointClick={onPointClick}
              onSelect={onSelect}
              refitKey={`${key}|${split}|${got.map.method}|${params.seed}`}
              instanceRef={mapRef}
            />
          )}
          {message && <p className="map-message">{message}</p>}
        </div>
        <aside className="map-side" aria-label="Legend and selection">
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
          {legendItems.length > 0 && <MapLegend title={colorBy === 'system' ? 'Systems (click to show one)' : colorBy === 'cluster' ? 'Clusters (click to select)' : 'Legend'} items={legendItems} />}
          {linked && got && <SelectionList linked={linked} text={(k) => got.textOf(k)} onOpen={openInBrowse} />}
        </aside>
      </div>
    </div>
    </FigureExportProvider>
  );
}
