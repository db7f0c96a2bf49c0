// Stance composition of one system's samples for a prompt (ConflictingQA), with the paper's two pluralism flags.

import { STANCES, type StanceRow } from '../../core/metrics/judges';
import { STANCE_COLORS } from './measure-format';

/**
 * A stacked bar of yes / no / both / other / unparsed shares over the prompt's judged samples, with the counts as
 * text (colours only reinforce the labels).
 */
export function StanceBar({ row }: { row: StanceRow }) {
  const parts = [
    ...STANCES.map((s) => ({ label: s, n: Math.round((row[`frac_${s}`] ?? 0) * row.rows) })),
    { label: 'unparsed' as const, n: row.unparsed },
  ].filter((p) => p.n > 0);
  const summary = parts.map((p) => `${p.n} ${p.label}`).join(', ');
  return (
    <span className="stance-summary">
      <span className="stance-bar" role="img" aria-label={`Stances: ${summary}`} title={summary}>
        {parts.map((p) => (
          <span key={p.label} style={{ flexGrow: p.n, background: STANCE_COLORS[p.label] }} />
        ))}
      </span>
      <span className="stance-counts">{summary}</span>
    </span>
  );
}

/**
 * The paper's two pluralism flags for one prompt: "yes & no" = the samples disagree (distributional pluralism across
 * samples), "any both" = at least one response presents both sides (Overton pluralism within a response).
 */
export function PluralismFlags({ row }: { row: StanceRow }) {
  const yesNo = row.frac_prompts_yes_and_no === 1;
  const anyBoth = row.frac_prompts_any_both === 1;
  return (
    <span className="stance-summary">
      <span
        className={`flag${yesNo ? ' on' : ''}`}
        data-flag="yes-and-no"
        title="Samples hold both yes and no: distributional pluralism across samples (frac_prompts_yes_and_no)"
      >
        {yesNo ? '✓' : '✗'} yes&nbsp;&amp;&nbsp;no
      </span>
      <span
        className={`flag${anyBoth ? ' on' : ''}`}
        data-flag="any-both"
        title="At least one response argues both sides: Overton pluralism within a response (frac_prompts_any_both)"
      >
        {anyBoth ? '✓' : '✗'} any both
      </span>
    </span>
  );
}
