// Browse's "semantic" measures row of one column (within-prompt cosine, distinct meanings and their groups, similarity to the teacher) and, for aligned columns, sentence coverage of the base model on demand.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { embeddingMethod } from '../../core/embed/embedder';
import type { PromptSemanticRow } from '../../core/metrics/semantic';
import type { SystemInfo } from '../../core/model/types';
import { datasetMetaQuery } from '../../data/queries';
import { promptCoverageQuery, promptSemanticQuery } from '../../data/semantic-queries';
import type { DatasetMeta } from '../../data/workspace';
import { useEmbedModel, useSemanticThreshold } from '../../state/semantic-store';
import { useDatasetKey, usePromptIndex, useSplit } from '../../state/view-store';
import { fmt, pct } from './measure-format';

/**
 * The semantic figures of the current prompt for every system of the split, in one worker call shared by all
 * columns (one query key); `row(system)` is undefined while pending.
 */
function usePromptSemantic() {
  const qc = useQueryClient();
  const key = useDatasetKey();
  const split = useSplit();
  const prompt = usePromptIndex();
  const model = useEmbedModel();
  const threshold = useSemanticThreshold();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data ?? undefined;
  const systems = meta?.systemsBySplit[split] ?? [];
  const q = useQuery(promptSemanticQuery(qc, meta, split, model, prompt, systems, threshold));
  return { meta, split, prompt, model, threshold, q, row: (system: string): PromptSemanticRow | undefined => q.data?.find((r) => r.system === system) };
}

/** Meaning groups as 1-based sample numbers, e.g. `{1 2 4} {3} {5}`. */
const groups = (clusters: number[][]) => clusters.map((c) => `{${c.map((i) => i + 1).join(' ')}}`).join(' ');

/** The base system an aligned column is compared with: the split's base system of the same family, else the first base system. */
function baseFor(meta: DatasetMeta, split: string, system: SystemInfo): string | undefined {
  const have = new Set<string>(meta.systemsBySplit[split] ?? []);
  const bases = meta.systems.filter((s) => s.kind === 'base' && have.has(s.id));
  return (bases.find((s) => s.family === system.family) ?? bases[0])?.id;
}

/** `<dt>/<dd>` pairs for the column's measures list: the semantic row, and the coverage line for aligned systems. */
export function SemanticMeasure({ system }: { system: string }) {
  const { meta, split, prompt, model, threshold, q, row } = usePromptSemantic();
  const r = row(system);
  const info = meta?.systems.find((s) => s.id === system);
  const tip = `Cosine of ${model.source === 'bundled' ? 'USE-lite' : model.id} vectors (${embeddingMethod(model)}): mean over pairs of this prompt's samples (higher = less diverse); meanings = groups of samples at cosine ≥ ${threshold}`;
  return (
    <>
      <dt title={tip}>semantic</dt>
      <dd data-measure="semantic">
        {q.error ? (
          <span className="error-text">{q.error.message}</span>
        ) : !r ? (
          <span className="muted">{q.isPending && q.fetchStatus !== 'idle' ? 'reading vectors…' : 'not embedded'}</span>
        ) : r.samples === 0 ? (
          <span className="muted" title="Embed this system in the Embeddings view to see its semantic measures">not embedded</span>
        ) : (
          <>
            cos <span data-measure="within_cosine">{fmt(r.withinCosine, 3)}</span>
            {' · '}
            <span data-measure="distinct_k">{r.distinct ?? '–'}</span> of {r.samples} meanings
            {r.distinct !== null && r.distinct > 1 && r.distinct < r.samples && (
              <span className="muted" title="Samples (by number) that share a meaning">
                {' '}
                {groups(r.clusters)}
              </span>
            )}
          </>
        )}
      </dd>
      {r?.teacher && (
        <>
          <dt title={`Mean cosine of this prompt's samples to ${r.teacher}'s first sample, next to ${r.teacher}'s other samples against its first (1 = as close as the teacher is to itself)`}>
            vs teacher
          </dt>
          <dd data-measure="to_teacher">
            {fmt(r.toTeacher, 3)} <span className="muted">· {r.teacher} itself {fmt(r.teacherSelf, 3)}</span>
          </dd>
        </>
      )}
      {meta && info?.kind === 'aligned' && prompt !== undefined && r && r.samples > 0 && (
        <CoverageLine key={prompt} meta={meta} split={split} prompt={prompt} aligned={system} base={baseFor(meta, split, info)} model={model} threshold={threshold} />
      )}
    </>
  );
}

/** "coverage" line: share of the base samples' sentences matched by one aligned response vs by another base sample. */
function CoverageLine({ meta, split, prompt, aligned, base, model, threshold }: {
  meta: DatasetMeta;
  split: string;
  prompt: number;
  aligned: string;
  base: string | undefined;
  model: ReturnType<typeof useEmbedModel>;
  threshold: number;
}) {
  const qc = useQueryClient();
  const [asked, setAsked] = useState(false);
  const q = useQuery(promptCoverageQuery(qc, meta, split, model, prompt, base ?? '', aligned, threshold, asked && base !== undefined));
  if (!base) return null;
  // A cached result shows without asking again (same key).
  const c = q.data;
  return (
    <>
      <dt title={`Sentences of ${base}'s samples matched (max cosine ≥ ${threshold}) by one ${aligned} response, vs by another ${base} sample; mean over responses`}>coverage</dt>
      <dd data-measure="coverage">
        {c ? (
          <>
            {pct(c.byAligned)} of {base} sentences by one response <span className="muted">· {pct(c.byOtherBase)} by another base sample</span>
          </>
        ) : q.isFetching ? (
          <span className="muted">embedding sentences…</span>
        ) : q.error ? (
          <span className="error-text">{q.error.message}</span>
        ) : (
          <button type="button" className="link" onClick={() => setAsked(true)}>
            compute coverage of {base}
          </button>
        )}
      </dd>
    </>
  );
}
