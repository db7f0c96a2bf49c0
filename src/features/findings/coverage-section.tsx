// The Findings view's dataset-wide sentence coverage (paper §5): base sentences covered by the aligned response vs by another base sample, computed on demand in the embedder worker.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { EmbedProgress } from '../../core/embed/embedder';
import type { SystemInfo } from '../../core/model/types';
import { datasetCoverageQuery } from '../../data/findings-queries';
import type { DatasetMeta } from '../../data/workspace';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { ChartFrame } from '../../ui/chart/chart-frame';
import { coverageSpec } from '../../figures/findings-specs';

/** Base and aligned pickers (defaults: `llama-2-base` or the first base, and its family's aligned model) and the coverage chart. */
export function CoverageSection({ meta, split, systems }: { meta: DatasetMeta; split: string; systems: readonly SystemInfo[] }) {
  const qc = useQueryClient();
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  const bases = systems.filter((s) => s.kind === 'base');
  const aligneds = systems.filter((s) => s.kind === 'aligned');
  const defBase = bases.find((s) => s.id === 'llama-2-base') ?? bases[0];
  const [base, setBase] = useState<string | undefined>(defBase?.id);
  const [aligned, setAligned] = useState<string | undefined>((aligneds.find((s) => s.family === defBase?.family) ?? aligneds[0])?.id);
  const [run, setRun] = useState(false);
  const [progress, setProgress] = useState<EmbedProgress | null>(null);
  const b = systems.find((s) => s.id === base);
  const a = systems.find((s) => s.id === aligned);
  const opts = datasetCoverageQuery(qc, meta, split, model, base ?? '', aligned ?? '', threshold, run && !!b && !!a, setProgress);
  const q = useQuery(opts);
  const spec = useMemo(() => (q.data && b && a ? coverageSpec(b, a, q.data, threshold) : null), [q.data, b, a, threshold]);

  return (
    <section id="findings-coverage" aria-label="Sentence coverage" className="findings-grid">
      <div className="chart-frame findings-coverage-form">
        <h3>Sentence coverage</h3>
        {bases.length === 0 || aligneds.length === 0 ? (
          <p className="muted">Coverage compares a base system with an aligned one; this split lacks {bases.length === 0 ? 'a base' : 'an aligned'} system.</p>
        ) : (
          <>
            <p className="muted small">
              Does one aligned response say what several base samples say? Every sentence of both systems is embedded (cache-first); the first run over a
              whole split takes minutes, later runs are instant.
            </p>
            <div className="findings-coverage-pickers">
              <label>
                Base{' '}
                <select aria-label="Coverage base system" value={base} onChange={(e) => (setBase(e.target.value), setRun(false))}>
                  {bases.map((s) => (
                    <option key={s.id}>{s.id}</option>
                  ))}
                </select>
              </label>
              <label>
                Aligned{' '}
                <select aria-label="Coverage aligned system" value={aligned} onChange={(e) => (setAligned(e.target.value), setRun(false))}>
                  {aligneds.map((s) => (
                    <option key={s.id}>{s.id}</option>
                  ))}
                </select>
              </label>
              {!run || q.isError ? (
                <button type="button" onClick={() => (setRun(true), q.isError && void q.refetch())}>
                  Compute coverage
                </button>
              ) : q.isFetching ? (
                <button type="button" onClick={() => (void qc.cancelQueries({ queryKey: opts.queryKey }), setRun(false))}>
                  Cancel
                </button>
              ) : null}
            </div>
            {run && q.isFetching && (
              <p role="status" className="muted">
                Embedding sentences… {progress ? `${progress.done} of ${progress.total} prompts` : 'loading the model'}
                {progress && progress.total > 0 && <progress value={progress.done} max={progress.total} />}
              </p>
            )}
            {q.isError && <p role="alert" className="error-text">Coverage failed: {q.error.message}</p>}
          </>
        )}
      </div>
      {spec && <ChartFrame spec={spec} />}
    </section>
  );
}
