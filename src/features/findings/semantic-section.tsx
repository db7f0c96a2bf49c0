// The Findings view's embedding-based charts: within-prompt cosine, distinct meanings, lexical vs semantic scatter, and RQ2 similarity to the teacher.

import { useMemo, useState, type ReactNode } from 'react';
import type { FindingsTables } from '../../core/metrics/distributions';
import type { SystemInfo } from '../../core/model/types';
import type { DatasetMeta } from '../../data/workspace';
import { useViewActions } from '../../state/view-store';
import { ChartFrame } from '../../ui/chart/chart-frame';
import { embeddedSystems, semanticFigures } from '../../figures/findings-figures';
import { useSemanticDistributions } from './use-findings';

/** Semantic and teacher-similarity sections; `bertscore` is the paper-file RQ2 chart shown beside the embedding one. */
export function SemanticSection({ meta, split, shown, tables, bertscore }: { meta: DatasetMeta; split: string; shown: SystemInfo[]; tables: FindingsTables; bertscore: ReactNode }) {
  const q = useSemanticDistributions(meta, split);
  const { viewChosen } = useViewActions();
  const [perPrompt, setPerPrompt] = useState(false);
  const with_ = useMemo(() => embeddedSystems(shown, q.data ?? []), [shown, q.data]);
  const missing = shown.filter((s) => !with_.includes(s)).map((s) => s.id);
  const specs = useMemo(() => (q.data ? semanticFigures(shown, tables, q.data, q.model, q.threshold, perPrompt) : null), [q.data, q.model, q.threshold, shown, tables, perPrompt]);

  const toEmbeddings = (
    <button type="button" className="link" onClick={() => viewChosen('embeddings')}>
      embed this split in Embeddings first
    </button>
  );
  let body: ReactNode;
  if (q.isPending) body = <p className="muted" role="status">Reading embeddings in the embedder worker…</p>;
  else if (q.isError) body = <p role="alert" className="error-text">Could not compute the semantic figures: {q.error.message}</p>;
  else if (with_.length === 0)
    body = (
      <div className="empty-card" role="status">
        <p>No embeddings for the shown systems in this split yet: {toEmbeddings}, then come back.</p>
      </div>
    );
  else if (specs)
    body = (
      <>
        {missing.length > 0 && (
          <p className="muted small findings-wide" role="status">
            Not embedded (left out of these charts): {missing.join(', ')} — {toEmbeddings}.
          </p>
        )}
        <ChartFrame spec={specs.cosine} />
        <ChartFrame spec={specs.distinct} />
        <div className="findings-wide">
          <label className="small">
            <input type="checkbox" checked={perPrompt} onChange={(e) => setPerPrompt(e.target.checked)} /> one point per prompt × system
          </label>
          <ChartFrame spec={specs.scatter} />
        </div>
      </>
    );
  return (
    <>
      <section id="findings-semantic" aria-label="Semantic diversity" className="findings-grid">
        {body}
      </section>
      <section id="findings-teacher" aria-label="Similarity to the teacher" className="findings-grid">
        {specs && specs.teacher.rows.length > 0 ? (
          <ChartFrame spec={specs.teacher} />
        ) : (
          q.data && with_.length > 0 && <p className="empty-card">No ICL variant with an embedded teacher among the shown systems: embed a variant and its teacher (e.g. llama-2-icl-chat and llama-2-chat) to compare them.</p>
        )}
        {bertscore}
      </section>
    </>
  );
}
