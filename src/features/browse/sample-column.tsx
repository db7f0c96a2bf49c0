// One system's column: its per-prompt measures, then its samples for the selected prompt with their judge verdicts.

import type { SystemInfo } from '../../core/model/types';
import type { PromptColumn } from '../../data/measurer-client';
import { KIND_LABELS, systemStyle } from '../../figures/palette';
import { MarkSwatch } from '../../figures/system-mark';
import { SystemName } from '../../ui/system-name';
import { ColumnMeasures } from './column-measures';
import { SampleCard } from './sample-card';
import { usePromptSamples } from './use-prompt-samples';

/**
 * Column of one system's samples for a prompt, headed by the system's handle (wrapping at `-`) in its palette style. `report` is the
 * system's column of the prompt report (undefined while the measurer computes it); `judged` says whether the judge
 * results apply to this split.
 */
export function SampleColumn({
  datasetKey,
  split,
  system,
  prompt,
  report,
  judged,
}: {
  datasetKey: string;
  split: string;
  system: SystemInfo;
  prompt: number;
  report: PromptColumn | undefined;
  judged: boolean;
}) {
  const { samples, isPending, error } = usePromptSamples(datasetKey, split, system.id, prompt);
  const failed = samples.filter((s) => s.text === null).length;
  const style = systemStyle(system);
  return (
    <section className="sample-column" aria-label={system.id} style={{ borderTopColor: style.color }}>
      <header className="column-head">
        <MarkSwatch shape={style.shape} color={style.color} fill={style.fill} />
        <h3>
          <SystemName name={system.id} />
        </h3>
        <span className="muted">{KIND_LABELS[system.kind]}</span>
        <span className="muted count">
          {samples.length} sample{samples.length === 1 ? '' : 's'}
          {failed > 0 && <span className="fail-count"> · {failed} failed</span>}
        </span>
      </header>
      {samples.length > 0 && <ColumnMeasures column={report} judged={judged} />}
      {error && <p role="alert" className="error-text">{error.message}</p>}
      {isPending && <p className="muted">Loading…</p>}
      {!isPending && !error && samples.length === 0 && <p className="muted">No samples for this prompt in this split.</p>}
      <div className="sample-stack">
        {samples.map((s) => (
          <SampleCard key={s.index} sample={s} judgements={report?.samples.find((j) => j.sample === s.index)} />
        ))}
      </div>
    </section>
  );
}
