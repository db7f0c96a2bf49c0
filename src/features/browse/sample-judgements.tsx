// The paper's judge verdicts on one sample: a one-line summary that expands to the judges' reasons (plain text).

import { QUALITY_ASPECTS } from '../../core/metrics/judges';
import type { SampleJudgements as Judgements } from '../../data/measurer-client';
import { ASPECT_SHORT, fmt, STANCE_COLORS } from './measure-format';

/** Whether a sample has anything to show. */
export function hasJudgements(j: Judgements | undefined): j is Judgements {
  return !!j && (j.quality !== undefined || j.stance !== undefined || j.missing.length + j.topics.length + j.bertscore.length > 0);
}

/**
 * Judge verdicts of one sample as a `<details>`: the summary line holds the stance badge, the five quality scores
 * (H C F D E, "–" for N/A), eval-missing scores, topic counts and BERTScore F1; opening it lists every reason.
 */
export function SampleJudgements({ j }: { j: Judgements }) {
  const stance = j.stance?.stance ?? (j.stance ? 'unparsed' : undefined);
  return (
    <details className="judgements">
      <summary title="Judge results for this sample (click for the judges' reasons)">
        {stance && (
          <span className="stance-badge" data-stance={stance} style={{ background: STANCE_COLORS[stance] }}>
            {stance}
          </span>
        )}
        {j.quality === null && <span className="muted">quality: unparsed</span>}
        {j.quality && (
          <span className="quality-scores" aria-label="Quality scores">
            {QUALITY_ASPECTS.map((a) => (
              <span
                key={a}
                className="aspect"
                data-aspect={a}
                aria-label={`${a} ${fmt(j.quality![a].score, 0)}`}
                title={`${a}: ${fmt(j.quality![a].score, 0)}`}
              >
                {ASPECT_SHORT[a]}
                <b>{j.quality![a].score === null ? '–' : fmt(j.quality![a].score, 0)}</b>
              </span>
            ))}
          </span>
        )}
        {j.missing.map((v) => (
          <span key={v.name} className="verdict" data-judge="missing" title={`eval-missing vs ${v.ref} (1–5)`}>
            missing {fmt(v.score, 0)}/5
          </span>
        ))}
        {j.topics.map((v) => (
          <span key={v.name} className="verdict" data-judge="topics" title={`extract-topics vs ${v.ref}: A = only ${v.ref}, B = only this, both`}>
            {v.counts ? `topics A${v.counts.A} B${v.counts.B} both${v.counts.both}` : 'topics: unparsed'}
          </span>
        ))}
        {j.bertscore.map((v) => (
          <span key={v.pair} className="verdict" data-judge="bertscore" title={`BERTScore F1 against ${v.ref} sample #${v.refSample + 1}`}>
            BERTScore {fmt(v.f1, 2)}
          </span>
        ))}
      </summary>
      <div className="judge-reasons">
        {j.stance?.reason && (
          <p>
            <b>stance</b> {j.stance.reason}
          </p>
        )}
        {j.quality &&
          QUALITY_ASPECTS.map((a) => (
            <p key={a}>
              <b>
                {a} {fmt(j.quality![a].score, 0)}
              </b>{' '}
              {j.quality![a].reason ?? ''}
            </p>
          ))}
        {j.missing.map((v) => (
          <p key={v.name}>
            <b>
              missing vs {v.ref} {fmt(v.score, 0)}/5
            </b>{' '}
            {v.reason ?? ''}
          </p>
        ))}
        {j.topics.map((v) => (
          <div key={v.name}>
            <p>
              <b>topics vs {v.ref}</b> {v.reason ?? ''}
            </p>
            {v.names && (
              <ul>
                {(['A', 'B', 'both'] as const).map((l) => (
                  <li key={l}>
                    {l === 'A' ? `only ${v.ref}` : l === 'B' ? 'only this response' : 'both'}: {v.names![l].join('; ') || '–'}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </div>
    </details>
  );
}
