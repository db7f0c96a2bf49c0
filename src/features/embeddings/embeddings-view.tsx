// The Embeddings panel: which systems are embedded with which model (embedded shares), embed with progress/cancel/resume, cache size, import, neighbours.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { embeddedLabel, embeddingMethod, modelKey } from '../../core/embed/embedder';
import { cacheSizeQuery, embeddedSharesQuery, runsQuery } from '../../data/embedding-queries';
import { datasetMetaQuery } from '../../data/queries';
import { KIND_COLORS, KIND_LABELS } from '../../figures/palette';
import { SplitSelect } from '../../ui/split-select';
import { useDatasetKey, useSplit, useViewActions } from '../../state/view-store';
import type { DatasetMeta } from '../../data/workspace';
import { ModelPicker, describeLoadError } from './model-picker';
import { NeighboursList } from './neighbours-list';
import { SemanticTable, splitSystems } from './semantic-table';
import { useEmbeddingsStore, useEmbedJob, useEngineInfo, usePickedModel, useTickedSystems } from './store';
import './embeddings.css';
import { cancelEmbedding, useClearCache, useEmbedSystems, useExportEmbeddings, useImportEmbeddings } from './use-embeddings';

const secs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The view (registered in `app/views.ts`). */
export function EmbeddingsView() {
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data ?? undefined;
  if (!meta) return <p className="empty">Open a dataset in the Library.</p>;
  // Keyed by dataset: the last run's, import's and neighbour picker's state belong to the dataset they were made on.
  return <EmbeddingsPanel key={meta.key} meta={meta} />;
}

function EmbeddingsPanel({ meta }: { meta: DatasetMeta }) {
  const split = useSplit();
  const { splitChosen } = useViewActions();
  const qc = useQueryClient();
  const model = usePickedModel();
  const job = useEmbedJob();
  const engine = useEngineInfo();
  const ticked = useTickedSystems(meta.key);
  const systemsTicked = useEmbeddingsStore((s) => s.systemsTicked);
  const shares = useQuery(embeddedSharesQuery(qc, meta, split, model));
  const runs = useQuery(runsQuery(meta.key));
  const size = useQuery(cacheSizeQuery());
  const embed = useEmbedSystems(meta, split);
  const clear = useClearCache();
  const importer = useImportEmbeddings(meta, split);
  const exporter = useExportEmbeddings(meta, split);

  const infos = splitSystems(meta, split);
  const all: string[] = infos.map((s) => s.id);
  const chosen = ticked?.filter((s) => all.includes(s)) ?? all;
  const tick = (systems: string[]) => systemsTicked(meta.key, systems);
  const toggle = (s: string) => tick(chosen.includes(s) ? chosen.filter((x) => x !== s) : [...chosen, s]);
  const p = job?.progress;
  // A job outlives the panel (tab or dataset switch), so "running" is the store's job, not this instance's mutation.
  const running = embed.isPending || job !== null;
  const lastRun = (system: string) => runs.data?.find((r) => r.system === system && r.split === split && r.model === modelKey(model));

  return (
    <div className="embeddings">
      <ModelPicker disabled={running} />
      <div className="browse-toolbar" role="toolbar" aria-label="Embeddings options">
        <SplitSelect splits={meta.splits} value={split} onChange={splitChosen} />
      </div>
      <section aria-label="Systems">
        <table className="embed-table">
          <thead>
            <tr>
              <th>
                <input type="checkbox" aria-label="All systems" checked={chosen.length === all.length} onChange={() => tick(chosen.length === all.length ? [] : all)} />
              </th>
              <th>System</th>
              <th>Kind</th>
              <th>Samples</th>
              <th>Embedded ({model.source === 'bundled' ? 'USE lite' : model.id})</th>
              <th>Last run</th>
            </tr>
          </thead>
          <tbody>
            {infos.map(({ id: system, kind }) => {
              const c = shares.data?.find((x) => x.system === system);
              const r = lastRun(system);
              return (
                <tr key={system} data-system={system} style={{ boxShadow: `inset 3px 0 ${KIND_COLORS[kind]}` }}>
                  <td>
                    <input type="checkbox" aria-label={`Embed ${system}`} checked={chosen.includes(system)} onChange={() => toggle(system)} />
                  </td>
                  <td>{system}</td>
                  <td className="small" style={{ color: KIND_COLORS[kind] }}>
                    {KIND_LABELS[kind]}
                  </td>
                  <td>{c?.samples ?? '…'}</td>
                  <td className="embed-cached">{c ? embeddedLabel(c) : '…'}</td>
                  <td className="muted small">
                    {r ? `${secs(r.ms)} on ${r.device}${r.device === 'wasm' ? ` (${r.threads} threads)` : ''}, ${r.computed} computed${r.truncated ? `, ${r.truncated} truncated` : ''}` : '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="muted small" aria-label="Embedding method">
          Vectors: {embeddingMethod(model)}. Blank texts need no vector and are counted apart.
        </p>
        {shares.error && <p className="error-text">{String(shares.error)}</p>}
      </section>
      <div className="embed-actions">
        <button type="button" disabled={running || chosen.length === 0} onClick={() => embed.mutate({ systems: chosen, model })}>
          Embed {chosen.length} system{chosen.length === 1 ? '' : 's'}
        </button>
        {running && (
          <button type="button" className="danger" onClick={cancelEmbedding}>
            Cancel
          </button>
        )}
        {engine && (
          <span className="muted small" aria-label="Engine">
            Engine: {engine.device}
            {engine.device === 'wasm' ? `, ${engine.threads > 1 ? `${engine.threads} threads` : 'single thread (no cross-origin isolation)'}` : ''}, model loaded in {secs(engine.loadMs)}
          </span>
        )}
      </div>
      {running && (
        <div className="embed-progress" role="status">
          {job && <span className="small">{job.label} · </span>}
          {p?.phase === 'loading' ? (
            <>
              <progress aria-label="Model loading" value={p.done} max={p.total || undefined} /> Loading model… {p.total ? mb(p.done) + ' / ' + mb(p.total) : ''}
            </>
          ) : (
            <>
              <progress aria-label="Embedding progress" value={p?.done ?? 0} max={p?.total || 1} />{' '}
              <span className="embed-count">
                {p ? `${p.done} / ${p.total} texts` : 'Preparing…'}
                {p?.etaMs !== undefined && p.done < p.total ? `, about ${secs(p.etaMs)} left` : ''}
              </span>
            </>
          )}
        </div>
      )}
      {embed.error && (
        <p className="error-text" role="alert">
          {embed.error.name === 'AbortError' || embed.error.name === 'EmbedCancelled'
            ? 'Cancelled. Every finished batch is cached; embedding again resumes from there.'
            : describeLoadError(embed.error)}
        </p>
      )}
      {embed.data && !running && (
        <p className="small" role="status">
          Done: {embed.data.n} texts in {secs(embed.data.ms)} ({embed.data.computed} computed, {embed.data.fromCache} from cache
          {embed.data.chunked ? `, ${embed.data.chunked} long texts embedded as the mean of their chunks` : ''}
          {embed.data.truncated ? `, ${embed.data.truncated} truncated at the model's window` : ''}
          {embed.data.empty ? `, ${embed.data.empty} empty` : ''}).
        </p>
      )}
      <div className="embed-cache">
        <span aria-label="Cache size">
          Embedding cache (all datasets and models): {size.data ? `${size.data.entries} distinct texts' vectors, ${mb(size.data.bytes)}` : '…'}
        </span>
        <button type="button" className="danger" disabled={running || clear.isPending} onClick={() => clear.mutate()}>
          Clear cache
        </button>
        <label className="button">
          Import embeddings (.jsonl, .npz)
          <input
            type="file"
            accept=".jsonl,.npz"
            className="visually-hidden"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) importer.mutate(f);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" disabled={running || exporter.isPending || !shares.data?.some((c) => c.embedded > 0)} onClick={() => exporter.mutate(model)}>
          Export embeddings (.jsonl)
        </button>
        {importer.data && (
          <span className="small">
            Imported {importer.data.stored} vectors ({importer.data.model}){importer.data.unmatched ? `, ${importer.data.unmatched} not matched to this dataset` : ''}
            {importer.data.problems.length ? `, ${importer.data.problems.length} bad lines (first: ${importer.data.problems[0]})` : ''}
          </span>
        )}
        {(importer.error ?? clear.error ?? exporter.error) && <span className="error-text small">{String(importer.error ?? clear.error ?? exporter.error)}</span>}
      </div>
      <SemanticTable meta={meta} split={split} model={model} shares={shares.data} />
      <NeighboursList meta={meta} split={split} model={model} />
    </div>
  );
}
