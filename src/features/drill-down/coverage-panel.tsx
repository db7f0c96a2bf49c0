// Coverage view: one base sample's sentences, each marked by whether the chosen other response covers it (text, never HTML).

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ModelDescriptor } from '../../core/embed/embedder';
import type { SampleRef } from '../../core/model/sample-ref';
import { sentenceCoverageQuery } from '../../data/map-queries';
import type { DatasetMeta } from '../../data/workspace';

interface Props {
  meta: DatasetMeta;
  split: string;
  model: ModelDescriptor;
  prompt: number;
  threshold: number;
  /** Systems on the map, with their sample indices there. */
  systems: { system: string; kind: string; samples: number[] }[];
}

/** Pick a base sample and a response; sentences of the base sample are highlighted by coverage. */
export function CoveragePanel({ meta, split, model, prompt, threshold, systems }: Props) {
  const qc = useQueryClient();
  const bases = systems.filter((s) => s.kind === 'base' && s.samples.length > 0);
  const others = systems.filter((s) => s.samples.length > 0);
  const [base, setBase] = useState<string>('');
  const [other, setOther] = useState<string>('');
  const [asked, setAsked] = useState(false);
  const baseSys = bases.find((s) => `${s.system}|${s.samples[0]}` === base) ? base : bases[0] ? `${bases[0].system}|${bases[0].samples[0]}` : '';
  const otherDefault = others.find((s) => s.kind !== 'base') ?? others.find((s) => `${s.system}|${s.samples[0]}` !== baseSys);
  const otherSys = others.some((s) => s.samples.some((i) => `${s.system}|${i}` === other)) ? other : otherDefault ? `${otherDefault.system}|${otherDefault.samples[0]}` : '';
  const refOf = (v: string): SampleRef | null => {
    const at = v.lastIndexOf('|');
    return at < 0 ? null : { system: v.slice(0, at), prompt, index: Number(v.slice(at + 1)) };
  };
  const q = useQuery(sentenceCoverageQuery(qc, meta, split, model, refOf(baseSys), refOf(otherSys), threshold, asked));
  if (!bases.length) return <p className="muted small">Coverage needs a base system on the map (its samples are what the others may cover).</p>;
  const options = (list: typeof systems) =>
    list.flatMap((s) =>
      s.samples.map((i) => (
        <option key={`${s.system}|${i}`} value={`${s.system}|${i}`}>
          {s.system} #{i + 1}
        </option>
      )),
    );
  const covered = q.data?.filter((m) => m.covered).length ?? 0;
  return (
    <div className="coverage-panel">
      <div className="map-toolbar" style={{ padding: 0, border: 'none' }}>
        <label>
          Base sample{' '}
          <select aria-label="Base sample" value={baseSys} onChange={(e) => setBase(e.target.value)}>
            {options(bases)}
          </select>
        </label>
        <label>
          covered by{' '}
          <select aria-label="Covering response" value={otherSys} onChange={(e) => setOther(e.target.value)}>
            {options(others)}
          </select>
        </label>
        {!asked && (
          <button type="button" onClick={() => setAsked(true)}>
            Show coverage
          </button>
        )}
      </div>
      {q.isFetching && <p className="muted small">Embedding sentences…</p>}
      {q.error && <p role="alert" className="error-text">Coverage failed: {q.error.message}</p>}
      {q.data && (
        <>
          <p className="small" data-testid="coverage-share">
            {covered} of {q.data.length} sentences covered (cosine ≥ {threshold})
          </p>
          <p className="coverage-text">
            {q.data.map((m, i) => (
              <span key={i} className={m.covered ? 'sent covered' : 'sent uncovered'} title={m.match ? `best match ${m.best.toFixed(3)}: ${m.match}` : 'no sentence to match'}>
                {m.sentence}{' '}
              </span>
            ))}
          </p>
          <p className="muted small">
            <span className="sent covered">covered</span> <span className="sent uncovered">not covered</span> — hover a sentence for its best match.
          </p>
        </>
      )}
    </div>
  );
}
