// Samples side by side as they stream (generated, teacher, base), and the comparison table against teacher, base and the paper's ICL variants.

import { useQueries } from '@tanstack/react-query';
import { hashText } from '../../core/embed/embedder';
import { labVectorsQuery } from '../../data/lab-queries';
import { useMemo } from 'react';
import { compareForPrompt, withSemantic, type CompareInput, type CompareRow } from '../../core/lab/compare';
import type { Table } from '../../core/export/table';
import { TableExportMenu } from '../../ui/export/table-export';
import type { Sample } from '../../core/model/types';
import { samplesQuery } from '../../data/queries';
import type { DatasetMeta } from '../../data/workspace';
import { JudgePanel } from './judge-panel';
import { LAB_SPLIT, type Builder } from './use-builder';
import { useLiveRun } from './use-lab-runs';
import { useLabStore } from './store';

const fmt = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));

function Column({ title, samples, streaming, n }: { title: string; samples: Sample[]; streaming?: Record<number, string>; n?: number }) {
  const indices = new Set<number>([...samples.map((s) => s.index), ...Object.keys(streaming ?? {}).map(Number)]);
  const ordered = [...indices].sort((a, b) => a - b);
  return (
    <div className="lab-column" aria-label={`Samples of ${title}`}>
      <h4>
        {title} <span className="muted small">({samples.length}{n ? ` of ${n}` : ''})</span>
      </h4>
      {ordered.length === 0 && <p className="muted small">No samples for this prompt.</p>}
      {ordered.map((i) => {
        const s = samples.find((x) => x.index === i);
        const live = streaming?.[i];
        return (
          <article key={i} className={`lab-sample${s?.text === null ? ' failed' : ''}${live !== undefined && !s ? ' streaming' : ''}`} aria-label={`${title} sample ${i + 1}`}>
            <header className="small muted">
              #{i + 1}
              {s?.finishReason && ` · ${s.finishReason}`}
              {live !== undefined && !s && ' · streaming…'}
            </header>
            {/* Model output is untrusted: plain text children only. */}
            {s ? s.text === null ? <p className="error-text small">{s.error ?? 'failed'}</p> : <p className="lab-text">{s.text}</p> : <p className="lab-text">{live}</p>}
          </article>
        );
      })}
    </div>
  );
}

/** The comparison as an export table: the shown columns under their field names, numbers unrounded. */
function compareExport(rows: readonly CompareRow[]): Table {
  return {
    columns: ['system', 'role', 'n_valid', 'to_teacher_jaccard', 'to_teacher_cosine', 'within_cosine', 'meanings', 'jaccard_all', 'distinct_prefix5_ratio', 'mean_words', 'frac_numbered_list', 'frac_bullet_list'],
    rows: rows.map((r) => [
      r.system,
      r.role === 'teacher' ? 'teacher (self)' : r.role,
      r.n_valid,
      r.toTeacher,
      r.cosToTeacher ?? null,
      r.withinCosine ?? null,
      r.meanings ?? null,
      r.jaccard_all,
      r.distinct_prefix5_ratio,
      r.mean_words,
      r.frac_numbered_list,
      r.frac_bullet_list,
    ]),
  };
}

function CompareTable({ rows, prompt }: { rows: CompareRow[]; prompt: number }) {
  const table = useMemo(() => compareExport(rows), [rows]);
  return (
    <>
    {/* Outside the scrolling wrapper, so its panel is not clipped by it. */}
    <div className="lab-compare-export">
      <TableExportMenu table={table} name={`hint-lab-prompt-${prompt}-comparison`} label={`Comparison with the teacher, prompt ${prompt}`} />
    </div>
    <div className="lab-compare-wrap">
    <table className="lab-compare" aria-label="Comparison with the teacher">
      <thead>
        <tr>
          <th>system</th>
          <th>role</th>
          <th title="valid samples">n</th>
          <th title="mean Jaccard of each sample's words to the teacher's sample 1 (teacher row: its other samples)">to teacher (words)</th>
          <th title="mean cosine (bundled sentence encoder) of each sample to the teacher's sample 1 (teacher row: its other samples)">to teacher (meaning)</th>
          <th title="mean pairwise cosine within the prompt (higher = less diverse)">within cos</th>
          <th title="distinct meanings at cosine 0.8">meanings</th>
          <th title="mean pairwise Jaccard within the prompt (higher = less diverse)">Jaccard</th>
          <th title="distinct first-5-word prefixes / samples">distinct prefixes</th>
          <th>mean words</th>
          <th>numbered list</th>
          <th>bullets</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.system} className={`role-${r.role}`}>
            <td>{r.system}</td>
            <td>{r.role === 'teacher' ? 'teacher (self)' : r.role}</td>
            <td>{r.n_valid}</td>
            <td>{fmt(r.toTeacher)}</td>
            <td>{fmt(r.cosToTeacher ?? null)}</td>
            <td>{fmt(r.withinCosine ?? null)}</td>
            <td>{fmt(r.meanings ?? null, 1)}</td>
            <td>{fmt(r.jaccard_all)}</td>
            <td>{fmt(r.distinct_prefix5_ratio)}</td>
            <td>{fmt(r.mean_words, 0)}</td>
            <td>{fmt(r.frac_numbered_list)}</td>
            <td>{fmt(r.frac_bullet_list)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
    </>
  );
}

/** The results of the followed generated system for `prompt`. */
export function ResultsPanel({ meta, prompt, builder }: { meta: DatasetMeta; prompt: number; builder: Builder }) {
  const active = useLabStore((s) => s.active[meta.key]);
  const baseChoice = useLabStore((s) => s.baseSystem);
  const live = useLiveRun(meta.key, active);
  const generated = useMemo(() => new Set(Object.keys(meta.runs ?? {})), [meta]);
  const teacher = builder.teacher?.id;
  const base = builder.bases.find((b) => b.id === baseChoice)?.id ?? builder.bases[0]?.id;
  // The paper's own ICL variants of the same teacher, for the same prompt.
  const paper = useMemo(
    () => meta.systems.filter((x) => x.kind === 'icl' && !generated.has(x.id) && (meta.systemsBySplit[LAB_SPLIT] ?? []).includes(x.id)).map((x) => x.id as string),
    [meta, generated],
  );
  const systems = useMemo(() => [active, teacher, base, ...paper].filter((x): x is string => !!x), [active, teacher, base, paper]);
  const results = useQueries({ queries: systems.map((id) => ({ ...samplesQuery(meta.key, LAB_SPLIT, id), select: (all: Sample[]) => all.filter((x) => x.prompt === prompt) })) });
  const of = (id: string | undefined) => (id ? (results[systems.indexOf(id)]?.data ?? []) : []);
  const streaming = useMemo(() => {
    const out: Record<number, string> = {};
    for (const [k, v] of Object.entries(live?.streaming ?? {})) {
      const [p, i] = k.split(':').map(Number);
      if (p === prompt) out[i!] = v;
    }
    return out;
  }, [live, prompt]);

  // Embeddings of each system's valid samples of this prompt (bundled encoder, embedder worker), cached per text set.
  const textsOf = systems.map((id) => of(id).filter((x) => x.text !== null && x.text.trim() !== '').sort((a, b) => a.index - b.index));
  const vectors = useQueries({
    queries: systems.map((id, i) => {
      const texts = textsOf[i]!.map((x) => x.text!);
      return { ...labVectorsQuery(meta.key, hashText(texts.join('\u0000')), `texts:${id}:${prompt}`, texts), enabled: texts.length > 0 && !(live?.status === 'running' && id === active) };
    }),
  });
  // Streamed text re-renders this panel per token: recompute the tables only when a query's data actually changed.
  const resultsKey = results.map((r) => r.dataUpdatedAt).join(',');
  const vectorsKey = vectors.map((v) => v.dataUpdatedAt).join(',');
  const lexicalRows = useMemo(() => {
    const inputs: CompareInput[] = [];
    if (active) inputs.push({ system: active, role: 'generated', samples: of(active) });
    if (teacher) inputs.push({ system: teacher, role: 'teacher', samples: of(teacher) });
    if (base) inputs.push({ system: base, role: 'base', samples: of(base) });
    for (const id of paper) inputs.push({ system: id, role: 'paper', samples: of(id) });
    return compareForPrompt(prompt, inputs, teacher ?? null);
    // resultsKey stands for `results`, whose identity changes on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resultsKey, active, teacher, base, paper, prompt]);
  const rows = useMemo(() => {
    const parts = lexicalRows.map((r) => ({ r, v: vectors[systems.indexOf(r.system)]?.data, samples: textsOf[systems.indexOf(r.system)] ?? [] }));
    const ready = parts.filter((p) => p.v && p.v.n === p.samples.length && p.v.n > 0);
    if (!teacher || !ready.some((p) => p.r.system === teacher)) return lexicalRows;
    const dim = ready[0]!.v!.dim;
    const n = ready.reduce((k, p) => k + p.v!.n, 0);
    const data = new Float32Array(n * dim);
    const refs: { system: string; prompt: number; index: number }[] = [];
    for (const p of ready) {
      data.set(p.v!.vectors, refs.length * dim);
      for (const x of p.samples) refs.push({ system: p.r.system, prompt, index: x.index });
    }
    const sem = withSemantic(ready.map((p) => p.r), { vectors: data, n, dim, rows: refs }, teacher, 0.8);
    return lexicalRows.map((r) => sem.find((x) => x.system === r.system) ?? r);
    // vectorsKey stands for `vectors`, whose identity changes on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lexicalRows, vectorsKey, teacher, prompt]);

  const run = active ? meta.runs?.[active] : undefined;
  return (
    <section className="lab-panel" aria-label="Results">
      <h3>
        Results {active ? <span className="muted">· {active}</span> : null}
        {live && (
          <span className="small muted" role="status" aria-label="Run progress">
            {' '}
            {live.status} · {live.done} of {live.total} samples{live.failed ? ` · ${live.failed} failed` : ''}
          </span>
        )}
      </h3>
      {live?.error && (
        <p className="error-text" role="alert">
          {live.error}
        </p>
      )}
      {!active && <p className="muted">Regenerate to see samples stream in here, next to the teacher's.</p>}
      {active && run && !run.prompts.includes(prompt) && <p className="muted small">{active} has no samples for prompt {prompt}; pick one of its prompts ({run.prompts.slice(0, 10).join(', ')}{run.prompts.length > 10 ? '…' : ''}).</p>}
      {rows.length > 0 && <CompareTable rows={rows} prompt={prompt} />}
      {active && of(active).length > 0 && (
        <JudgePanel
          meta={meta}
          system={active}
          prompt={prompt}
          query={meta.prompts.find((p) => p.index === prompt)?.text ?? ''}
          samples={of(active)}
          teacherSample={of(teacher).find((x) => x.index === 0)}
        />
      )}
      <div className="lab-columns">
        {active && <Column title={active} samples={of(active)} streaming={streaming} n={run?.samplesPerPrompt} />}
        {teacher && <Column title={teacher} samples={of(teacher)} />}
        {base && <Column title={base} samples={of(base)} />}
      </div>
    </section>
  );
}
