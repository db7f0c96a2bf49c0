// Judges on the followed system's samples of this prompt: quality, stance or missing information through the aligned
// (chat) endpoint; results are stored with the dataset like the paper's judge files and shown per sample.

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { runJudge, type JudgeItem, type RunnableJudge } from '../../core/generate/judges';
import { QUALITY_ASPECTS, missingScore, qualityJudgement, stanceOf } from '../../core/metrics/judges';
import type { JudgeRecord, Sample } from '../../core/model/types';
import { judgesQuery } from '../../data/lab-queries';
import { keys } from '../../data/keys';
import { appendJudges, type DatasetMeta } from '../../data/workspace';
import { useLabStore } from './store';

const LABELS: Record<RunnableJudge, string> = { 'eval-quality': 'Quality (5 aspects)', 'eval-stance': 'Stance', 'eval-missing': 'Missing information vs the teacher' };

/** The judge folder name the paper uses: the system, or `ref_<teacher>--alt_<system>` for missing information. */
const folderOf = (kind: RunnableJudge, system: string, teacher: string | undefined) => (kind === 'eval-missing' ? `ref_${teacher ?? ''}--alt_${system}` : system);

/** One sample's verdict as text. */
export function verdict(kind: RunnableJudge, r: JudgeRecord | undefined): string {
  if (!r) return '–';
  if (r.content === null) return 'judge failed';
  if (kind === 'eval-stance') return stanceOf(r.content) ?? 'unreadable reply';
  if (kind === 'eval-missing') {
    const m = missingScore(r.content);
    return m === null ? 'unreadable reply' : `missing ${m}`;
  }
  const q = qualityJudgement(r.content);
  const scores = q ? QUALITY_ASPECTS.map((a) => q[a].score) : [];
  if (!q || scores.every((v) => v === null)) return 'unreadable reply';
  return QUALITY_ASPECTS.map((a) => `${a.slice(0, 4)} ${q[a].score ?? '–'}`).join(' · ');
}

/** The panel for `system`'s samples of `prompt`. */
export function JudgePanel({ meta, system, prompt, query, samples, teacherSample }: { meta: DatasetMeta; system: string; prompt: number; query: string; samples: Sample[]; teacherSample: Sample | undefined }) {
  const aligned = useLabStore((s) => s.aligned);
  const [kind, setKind] = useState<RunnableJudge>('eval-quality');
  const [status, setStatus] = useState<string | null>(null);
  const client = useQueryClient();
  const name = folderOf(kind, system, teacherSample?.system);
  const records = useQuery(judgesQuery(meta.key, kind, name)).data ?? [];
  const valid = samples.filter((x) => x.text !== null && x.text.trim() !== '');

  const judge = async () => {
    if (kind === 'eval-missing' && !teacherSample?.text) return setStatus('Missing information needs the teacher\'s first sample of this prompt.');
    const items: JudgeItem[] = valid.map((x) => ({ prompt, sample: x.index, query, output: x.text!, ...(kind === 'eval-missing' ? { reference: teacherSample!.text! } : {}) }));
    setStatus(`Judging 0 of ${items.length}…`);
    const run = await runJudge(kind, name, items, { server: aligned.server, baseUrl: aligned.baseUrl, model: aligned.model, role: 'aligned', ...(aligned.apiKey ? { apiKey: aligned.apiKey } : {}) }, {
      fetch: (u, i) => fetch(u, i as RequestInit),
      concurrency: 2,
      timeoutMs: 120_000,
      onItem: (done, total) => setStatus(`Judging ${done} of ${total}…`),
    });
    // Lines are numbered within this call; stored records keep the sample index, which is what attaches them.
    await appendJudges(meta.key, run.records);
    await client.invalidateQueries({ queryKey: keys.judges(meta.key, kind, name) });
    await client.invalidateQueries({ queryKey: keys.datasetMeta(meta.key) });
    setStatus(run.errors.length ? `${run.errors.length} of ${items.length} judge requests failed: ${run.errors[0]!.error.message}` : `Judged ${items.length} samples.`);
  };

  return (
    <div className="lab-judges" aria-label="Judges">
      <div className="row">
        <select aria-label="Judge" value={kind} onChange={(e) => setKind(e.target.value as RunnableJudge)}>
          {(Object.keys(LABELS) as RunnableJudge[]).map((k) => (
            <option key={k} value={k}>
              {LABELS[k]}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void judge()} disabled={valid.length === 0}>
          Judge {valid.length} samples with the aligned endpoint
        </button>
        {status && (
          <span role="status" className="small">
            {status}
          </span>
        )}
      </div>
      {records.some((r) => r.prompt === prompt) && (
        <ul className="small lab-verdicts" aria-label="Judge results">
          {samples.map((x) => (
            <li key={x.index}>
              #{x.index + 1}: {verdict(kind, records.find((r) => r.prompt === prompt && r.sample === x.index))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
