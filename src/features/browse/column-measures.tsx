// A column's per-prompt figures: METRICS.md measures of its samples, then the paper's judge and BERTScore results.

import type { ReactNode } from 'react';
import { QUALITY_ASPECTS } from '../../core/metrics/judges';
import type { PromptColumn } from '../../data/measurer-client';
import { ASPECT_SHORT, fmt, pct } from './measure-format';
import { SemanticMeasure } from './semantic-measure';
import { PluralismFlags, StanceBar } from './stance-bar';

/** One labelled figure; `tip` says what it measures (METRICS.md wording), `id` names it for tests (`data-measure`). */
function Row({ label, tip, id, children }: { label: string; tip: string; id?: string; children: ReactNode }) {
  return (
    <>
      <dt title={tip}>{label}</dt>
      <dd data-measure={id}>{children}</dd>
    </>
  );
}

/**
 * The measures block under a column's head. `column` is undefined while the worker computes; `judged` is false
 * outside the split the judges scored (then only the measures show).
 */
export function ColumnMeasures({ column, judged }: { column: PromptColumn | undefined; judged: boolean }) {
  if (!column) return <div className="column-measures muted" aria-busy="true">Measuring…</div>;
  const m = column.measures;
  if (!m) return null;
  const q = column.quality;
  return (
    <dl className="column-measures" aria-label={`Measures of ${column.system} for this prompt`}>
      <Row label="samples" tip="Valid responses and failed samples (n_errors) for this prompt">
        <span data-measure="n_valid">{m.n_valid}</span> valid
        {column.n_errors > 0 && <span className="fail-count"> · {column.n_errors} failed</span>}
        {' · '}
        <span data-measure="mean_words">{fmt(m.mean_words, 0)}</span> words avg
      </Row>
      <Row
        label="Jaccard"
        tip="Mean pairwise Jaccard of the responses' word sets (all words / without NLTK stop words). Higher = less diverse. Needs ≥ 2 valid responses."
      >
        <span data-measure="jaccard_all">{fmt(m.jaccard_all, 3)}</span>
        <span className="muted"> · no-stop </span>
        <span data-measure="jaccard_nostop">{fmt(m.jaccard_nostop, 3)}</span>
      </Row>
      <Row
        label="openings"
        tip="Distinct first-5-word prefixes ÷ responses (1 = every response opens differently), and the mean |word-count difference| over pairs"
      >
        <span data-measure="distinct_prefix5_ratio">{fmt(m.distinct_prefix5_ratio, 2)}</span> distinct prefix-5
        <span className="muted"> · |Δlen| </span>
        <span data-measure="mean_pairwise_len_diff">{fmt(m.mean_pairwise_len_diff, 0)}</span>
      </Row>
      <Row label="format" tip="Share of valid responses with a numbered list (≥ 2 items), a bullet list (≥ 2 “- ” lines), an abstention phrase">
        numbered <span data-measure="frac_numbered_list">{pct(m.frac_numbered_list)}</span>
        {' · '}bullets <span data-measure="frac_bullet_list">{pct(m.frac_bullet_list)}</span>
        {' · '}abstain <span data-measure="frac_abstain">{pct(m.frac_abstain)}</span>
      </Row>
      <SemanticMeasure system={column.system} />
      {judged && q && (
        <Row
          label="quality"
          id="quality"
          tip={`eval-quality judge (1–5), mean over this prompt's ${q.rows} judged sample${q.rows === 1 ? '' : 's'}; avg of the five aspects, then each aspect (N/A skipped)`}
        >
          <strong>{fmt(q.avg5_all, 1)}</strong>
          <span className="muted">
            {' '}
            ({QUALITY_ASPECTS.map((a) => `${ASPECT_SHORT[a]} ${fmt(q[`${a}_all`], 1)}`).join(' · ')})
            {q.rows < m.n_samples && ` · ${q.rows} of ${m.n_samples} judged`}
          </span>
        </Row>
      )}
      {judged && column.stance && (
        <Row label="stance" tip="eval-stance judge on ConflictingQA: each judged sample's stance on the yes/no question">
          <StanceBar row={column.stance} />
        </Row>
      )}
      {judged && column.stance && (
        <Row label="pluralism" tip="From the stances of this prompt's judged samples (eval-stance)">
          <PluralismFlags row={column.stance} />
        </Row>
      )}
      {judged &&
        column.missing.map((r) => (
          <Row
            key={r.name}
            label="missing"
            id="missing"
            tip={`eval-missing judge (${r.name}): 1–5, how much of this response's information ${r.ref}'s reference answer lacks; mean over this prompt's samples`}
          >
            {fmt(r.mean_score, 1)} <span className="muted">vs {r.ref}</span>
          </Row>
        ))}
      {judged &&
        column.topics.map((r) => (
          <Row
            key={r.name}
            label="topics"
            tip={`extract-topics judge (${r.name}): topics per sample only in ${r.ref}'s answer (A), only in this one (B), in both`}
          >
            A {fmt(r.mean_topics_A, 1)} · B {fmt(r.mean_topics_B, 1)} · both {fmt(r.mean_topics_both, 1)}
            <span className="muted"> vs {r.ref}</span>
          </Row>
        ))}
      {judged &&
        column.bertscore.map((r) => (
          <Row
            key={r.pair}
            label="BERTScore"
            id="bertscore"
            tip={`Mean BERTScore F1 of this prompt's rows in ${r.pair}.json (${r.rows_used} rows: the reference's sample against each of this system's samples${r.ref === r.alt ? '; a text against itself dropped' : ''})`}
          >
            F1 {fmt(r.F1, 3)} <span className="muted">vs {r.ref === r.alt ? 'its own first sample' : r.ref}</span>
          </Row>
        ))}
    </dl>
  );
}
