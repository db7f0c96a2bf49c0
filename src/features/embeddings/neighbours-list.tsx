// Semantic neighbours of one sample: the top-k most similar embedded samples of the split, with cosine.

import { useState } from 'react';
import type { ModelDescriptor } from '../../core/embed/embedder';
import type { DatasetMeta } from '../../data/workspace';
import { useSelectedSample, useSelectionStore } from '../../state/selection-store';
import { usePromptIndex } from '../../state/view-store';
import { useNeighbours } from './use-embeddings';

/** Picks a sample (the selected one, else the current prompt's) and lists its nearest neighbours. Text is plain text. */
export function NeighboursList({ meta, split, model }: { meta: DatasetMeta; split: string; model: ModelDescriptor }) {
  const picked = useSelectedSample();
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  const promptIndex = usePromptIndex() ?? 0;
  const systems = meta.systemsBySplit[split] ?? [];
  const [system, setSystem] = useState<string | undefined>(undefined);
  const [sample, setSample] = useState(0);
  // A system picked under another split may be absent from this one; fall back rather than ask for a sample that is not there.
  const shownSystem = systems.find((s) => s === system) ?? systems[0] ?? '';
  // A sample picked in Browse (its "neighbours" button) wins while it exists in this dataset and split.
  const selected = picked && systems.some((s) => s === picked.system) ? picked : null;
  const target = selected ?? { system: shownSystem, prompt: promptIndex, index: sample };
  const { neighbours, embedded, isPending } = useNeighbours(meta, split, model, target, 10);

  return (
    <section className="neighbours" aria-label="Semantic neighbours">
      <h3>Semantic neighbours</h3>
      <div className="embed-model-row">
        <label>
          System{' '}
          <select aria-label="Sample system" value={target.system} onChange={(e) => setSystem(e.target.value)} disabled={selected !== null}>
            {systems.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <span>prompt {target.prompt}</span>
        <label>
          sample #{/* numbered from 1, as on Browse's cards and in the list below */}
          <input type="number" min={1} value={target.index + 1} onChange={(e) => setSample(Math.max(1, Math.floor(Number(e.target.value)) || 1) - 1)} disabled={selected !== null} style={{ width: 60 }} />
        </label>
        {selected && (
          <button type="button" className="link-button" onClick={() => sampleSelected(null)}>
            pick another sample
          </button>
        )}
        <span className="muted small">{isPending ? 'reading cache…' : `${embedded} samples embedded with this model`}</span>
      </div>
      {!isPending && neighbours === null && <p className="muted">This sample is not embedded with the picked model yet: embed its system above.</p>}
      {neighbours && (
        <ol className="neighbour-list">
          {neighbours.map((n) => (
            <li key={n.key}>
              <span className="neighbour-cos">{n.cosine.toFixed(3)}</span>{' '}
              <span className="muted small">
                {n.system} · prompt {n.prompt} · #{n.index + 1}
              </span>
              <div className="neighbour-text">{n.text.length > 300 ? `${n.text.slice(0, 300)}…` : n.text}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
