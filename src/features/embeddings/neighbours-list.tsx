// Semantic neighbours of one sample: its own text, then the top-k most similar embedded samples of the split with cosine and kind colour; each opens in Browse.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { embeddingMethod, type EmbeddedShare, type ModelDescriptor } from '../../core/embed/embedder';
import type { SampleRef } from '../../core/model/sample-ref';
import type { SystemKind } from '../../core/model/types';
import { embeddedSharesQuery } from '../../data/embedding-queries';
import type { DatasetMeta } from '../../data/workspace';
import { useSelectedSample, useSelectionStore } from '../../state/selection-store';
import { usePromptIndex, useViewStore } from '../../state/view-store';
import { KIND_COLORS, KIND_LABELS } from '../../figures/palette';
import { useNeighbours } from './use-embeddings';

const clip = (t: string, n: number) => (t.length > n ? `${t.slice(0, n)}…` : t);

/**
 * The system the picker starts on: the first system of the split with vectors under the model (else the first one),
 * so a fresh panel shows neighbours rather than "not embedded".
 */
export function defaultNeighbourSystem(systems: readonly string[], shares: readonly EmbeddedShare[] | undefined): string {
  return systems.find((s) => (shares?.find((c) => c.system === s)?.embedded ?? 0) > 0) ?? systems[0] ?? '';
}

/** Opens a sample in Browse: its prompt, its system among the shown columns, the sample selected. */
function useOpenInBrowse() {
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  return (ref: SampleRef) => {
    const v = useViewStore.getState();
    v.promptSelected(ref.prompt);
    if (v.systems && !v.systems.includes(ref.system)) v.systemsChosen([...v.systems, ref.system]);
    sampleSelected(ref);
    v.viewChosen('browse');
  };
}

/**
 * Picks a sample (the one selected in Browse, else the picker's) and lists its nearest neighbours. The controls stay
 * usable when a sample came from Browse: changing them picks another sample. Texts are plain text, never HTML.
 */
export function NeighboursList({ meta, split, model }: { meta: DatasetMeta; split: string; model: ModelDescriptor }) {
  const picked = useSelectedSample();
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  const promptIndex = usePromptIndex() ?? 0;
  const openInBrowse = useOpenInBrowse();
  const systems: string[] = meta.systemsBySplit[split] ?? [];
  const kindOf = (s: string): SystemKind => meta.systems.find((x) => x.id === s)?.kind ?? 'other';
  const [own, setOwn] = useState<{ system?: string; index: number }>({ index: 0 });
  // A sample selected in Browse wins while it exists in this dataset and split.
  const selected = picked && systems.includes(picked.system) ? picked : null;
  const shares = useQuery(embeddedSharesQuery(useQueryClient(), meta, split, model)).data;
  const fallback = defaultNeighbourSystem(systems, shares);
  const target: SampleRef = selected ?? { system: systems.find((s) => s === own.system) ?? fallback, prompt: promptIndex, index: own.index };
  const { query, neighbours, embedded, isPending } = useNeighbours(meta, split, model, target.system ? target : null, 10);
  // Changing a control picks another sample: it replaces a selection that came from Browse.
  const choose = (patch: Partial<SampleRef>) => {
    const next = { ...target, ...patch };
    setOwn({ system: next.system, index: next.index });
    if (selected) sampleSelected(next);
  };

  return (
    <section className="neighbours" aria-label="Semantic neighbours">
      <h3>Semantic neighbours</h3>
      <div className="embed-model-row">
        <label>
          System{' '}
          <select aria-label="Sample system" value={target.system} onChange={(e) => choose({ system: e.target.value })}>
            {systems.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <span>prompt {target.prompt}</span>
        <label>
          sample #{/* numbered from 1, as on Browse's cards and in the list below */}
          <input type="number" min={1} value={target.index + 1} onChange={(e) => choose({ index: Math.max(1, Math.floor(Number(e.target.value)) || 1) - 1 })} style={{ width: 60 }} />
        </label>
        <span className="muted small">{isPending ? 'reading cache…' : `${embedded} samples embedded with this model (${embeddingMethod(model)})`}</span>
      </div>
      <figure className="neighbour-query" aria-label="Query sample" style={{ borderColor: KIND_COLORS[kindOf(target.system)] }}>
        <figcaption className="small">
          <span style={{ color: KIND_COLORS[kindOf(target.system)] }}>{target.system}</span> · prompt {target.prompt} · #{target.index + 1}
        </figcaption>
        <div className="neighbour-text">{query ? clip(query.text, 600) : <span className="muted">This sample has no text in this split (it failed or does not exist).</span>}</div>
      </figure>
      {!isPending && query && neighbours === null && <p className="muted">This sample is not embedded with the picked model yet: embed its system above.</p>}
      {neighbours && (
        <ol className="neighbour-list">
          {neighbours.map((n) => {
            const kind = kindOf(n.system);
            return (
              <li key={n.key} data-system={n.system} style={{ borderLeftColor: KIND_COLORS[kind] }}>
                <button
                  type="button"
                  className="neighbour-open"
                  title="Open in Browse"
                  aria-label={`Open ${n.system} prompt ${n.prompt} sample ${n.index + 1} in Browse`}
                  onClick={() => openInBrowse({ system: n.system, prompt: n.prompt, index: n.index })}
                >
                  <span className="neighbour-cos">{n.cosine.toFixed(3)}</span>{' '}
                  <span className="small">
                    <span style={{ color: KIND_COLORS[kind] }} title={KIND_LABELS[kind]}>
                      {n.system}
                    </span>{' '}
                    <span className="muted">· prompt {n.prompt} · #{n.index + 1}</span>
                  </span>
                  <span className="neighbour-text">{clip(n.text, 300)}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
