// "Semantic measures" table of the Embeddings view: per system (grouped and coloured by kind), within-prompt cosine, distinct meanings, similarity to the teacher next to the teacher's self-similarity (paper RQ2).

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { embeddedLabel, embeddingMethod, fullyEmbedded, type EmbeddedShare, type ModelDescriptor } from '../../core/embed/embedder';
import type { ClusterMethod, SemanticRow } from '../../core/metrics/semantic';
import type { SystemInfo } from '../../core/model/types';
import { semanticTableQuery } from '../../data/semantic-queries';
import type { DatasetMeta } from '../../data/workspace';
import { DEFAULT_SEMANTIC_THRESHOLD, useSemanticStore, useSemanticThreshold } from '../../state/semantic-store';
import { TableExportMenu } from '../../ui/export/table-export';
import { KIND_COLORS, KIND_LABELS, KIND_ORDER, sortSystemsByKind } from '../../figures/palette';

const num = (v: number | null | undefined, digits: number) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** The systems of `split`, in kind order, as SystemInfo (handles the meta does not describe become `other`). */
export function splitSystems(meta: DatasetMeta, split: string): SystemInfo[] {
  const ids = meta.systemsBySplit[split] ?? [];
  return sortSystemsByKind(ids.map((id) => meta.systems.find((s) => s.id === id) ?? ({ id, kind: 'other', family: '' } as SystemInfo)));
}

/** Threshold input: a slider and a number box bound to the shared store. */
function ThresholdInput() {
  const threshold = useSemanticThreshold();
  const chosen = useSemanticStore((s) => s.thresholdChosen);
  const set = (v: number) => Number.isFinite(v) && chosen(Math.min(0.99, Math.max(0.3, Math.round(v * 100) / 100)));
  return (
    <label className="semantic-threshold" title="Two samples whose cosine is at or above this count as one meaning">
      same meaning at cosine ≥{' '}
      <input type="range" aria-label="Threshold slider" min={0.5} max={0.95} step={0.01} value={threshold} onChange={(e) => set(Number(e.target.value))} />
      <input type="number" aria-label="Threshold" min={0.3} max={0.99} step={0.01} value={threshold} onChange={(e) => set(Number(e.target.value))} />
      {threshold !== DEFAULT_SEMANTIC_THRESHOLD && (
        <button type="button" className="link" onClick={() => chosen(DEFAULT_SEMANTIC_THRESHOLD)}>
          reset to {DEFAULT_SEMANTIC_THRESHOLD}
        </button>
      )}
    </label>
  );
}

/** The table. `shares` (embedded per system) marks partly embedded systems; rows come from the embedder worker. */
export function SemanticTable({ meta, split, model, shares }: { meta: DatasetMeta; split: string; model: ModelDescriptor; shares: EmbeddedShare[] | undefined }) {
  const qc = useQueryClient();
  const threshold = useSemanticThreshold();
  const [method, setMethod] = useState<ClusterMethod>('leader');
  const anyEmbedded = shares?.some((c) => c.embedded > 0) ?? false;
  const q = useQuery({ ...semanticTableQuery(qc, meta, split, model, threshold, method), enabled: anyEmbedded });
  const systems = splitSystems(meta, split);
  const rowOf = (id: string): SemanticRow | undefined => q.data?.find((r) => r.system === id && r.samples > 0);
  // The embedded systems' rows as shown, for LaTeX/CSV export (unrounded; the threshold and method are in the name).
  const exportTable = {
    columns: ['system', 'within_cosine', 'distinct', 'n_max_per_prompt', 'teacher', 'to_teacher', 'teacher_self', 'ratio'],
    rows: systems.flatMap((s) => {
      const r = rowOf(s.id);
      return r ? [[s.id, r.withinCosine, r.distinct, r.maxPerPrompt, r.teacher, r.toTeacher, r.teacherSelf, r.ratio]] : [];
    }),
  };

  return (
    <section className="semantic" aria-label="Semantic measures">
      <div className="semantic-head">
        <h3>Semantic measures</h3>
        <ThresholdInput />
        <label>
          grouping{' '}
          <select aria-label="Grouping" value={method} onChange={(e) => setMethod(e.target.value as ClusterMethod)}>
            <option value="leader">leader (NoveltyBench)</option>
            <option value="single-link">single-link</option>
          </select>
        </label>
        {q.isFetching && <span className="muted small">computing…</span>}
        {exportTable.rows.length > 0 && <TableExportMenu table={exportTable} name={`semantic-${meta.name}-${split}-${method}-t${threshold}`} label="Semantic measures" />}
      </div>
      <p className="muted small semantic-note">
        Cosine between sample vectors of the picked model ({embeddingMethod(model)}), averaged over prompts. Does in-context alignment make the base model as close to the
        aligned model as the aligned model is to itself? Then the ratio is near 1.
      </p>
      {!anyEmbedded ? (
        <p className="muted">Nothing is embedded with this model yet: embed some systems above.</p>
      ) : (
        <table className="embed-table semantic-table">
          <thead>
            <tr>
              <th>System</th>
              <th className="num" title="Mean cosine over pairs of a prompt's samples; higher = less diverse">within-prompt cosine</th>
              <th className="num" title="Meanings among a prompt's samples: samples at or above the threshold share one">distinct meanings</th>
              <th title="The aligned system this one imitates (in-context alignment)">teacher</th>
              <th className="num" title="Mean cosine of this system's samples to the teacher's first sample">vs teacher</th>
              <th className="num" title="Mean cosine of the teacher's other samples to its first sample (the paper's BERTScore baseline)">teacher self</th>
              <th className="num" title="vs teacher ÷ teacher self: 1 = as close to the teacher as the teacher is to itself">ratio</th>
            </tr>
          </thead>
          <tbody>
            {KIND_ORDER.map((kind) => {
              const group = systems.filter((s) => s.kind === kind);
              if (!group.length) return null;
              return (
                <Fragment key={kind}>
                  <tr className="kind-row">
                    <th colSpan={7} style={{ color: KIND_COLORS[kind] }}>
                      {KIND_LABELS[kind]}
                    </th>
                  </tr>
                  {group.map((s) => {
                    const r = rowOf(s.id);
                    const c = shares?.find((x) => x.system === s.id);
                    const partial = c && c.embedded > 0 && !fullyEmbedded(c);
                    return (
                      <tr key={s.id} data-system={s.id} className={r ? undefined : 'muted'} style={{ boxShadow: `inset 3px 0 ${KIND_COLORS[kind]}` }}>
                        <td>
                          {s.id}
                          {partial && <span className="muted small"> ({embeddedLabel(c)})</span>}
                        </td>
                        {r ? (
                          <>
                            <td className="num" data-measure="within_cosine">{num(r.withinCosine, 3)}</td>
                            <td className="num" data-measure="distinct">
                              {num(r.distinct, 2)} <span className="muted">of {r.maxPerPrompt}</span>
                            </td>
                            <td className="small">{r.teacher ?? (s.teacherSystem ? <span className="muted">{s.teacherSystem} (not embedded)</span> : '')}</td>
                            <td className="num" data-measure="to_teacher">{r.teacher ? num(r.toTeacher, 3) : ''}</td>
                            <td className="num" data-measure="teacher_self">{r.teacher ? num(r.teacherSelf, 3) : ''}</td>
                            <td className="num" data-measure="ratio">{r.teacher ? <strong>{num(r.ratio, 2)}</strong> : ''}</td>
                          </>
                        ) : (
                          <td colSpan={6} className="small">{q.isPending && q.fetchStatus !== 'idle' ? '…' : 'not embedded'}</td>
                        )}
                      </tr>
                    );
                  })}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {q.error && <p className="error-text">{String(q.error)}</p>}
    </section>
  );
}
