// One sample as a researcher reads it: text as plain text, word count, format markers and judge verdicts, or the failure.

import { memo, useEffect, useRef } from 'react';
import { isAbstain, isBulletList, isNumberedList, wordCount } from '../../core/metrics/format';
import { sameSample } from '../../core/model/sample-ref';
import type { Sample } from '../../core/model/types';
import type { SampleJudgements as Judgements } from '../../data/measurer-client';
import { useSelectionStore } from '../../state/selection-store';
import { useViewStore } from '../../state/view-store';
import { hasJudgements, SampleJudgements } from './sample-judgements';

/** A sample card. The text is rendered as a text node (`pre-wrap`), never as HTML; `judgements` = the paper's judges on it. */
export const SampleCard = memo(function SampleCard({ sample, judgements }: { sample: Sample; judgements?: Judgements | undefined }) {
  if (sample.text === null) {
    return (
      <article className="sample failed" aria-label={`Sample ${sample.index + 1} (failed)`}>
        <header>
          <span className="sample-no">#{sample.index + 1}</span>
          <span className="marker fail">failed</span>
        </header>
        <p className="sample-error">{sample.error ?? 'No output (the generation failed).'}</p>
      </article>
    );
  }
  return <TextCard sample={sample} text={sample.text} judgements={judgements} />;
});

/** A card with text; the sample selected elsewhere (e.g. a neighbour opened in Browse) is marked and scrolled into view. */
function TextCard({ sample, text: t, judgements }: { sample: Sample; text: string; judgements?: Judgements | undefined }) {
  const selected = useSelectionStore((s) => sameSample(s.selected, sample));
  const el = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected) el.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <article ref={el} className={selected ? 'sample selected' : 'sample'} aria-label={`Sample ${sample.index + 1}`} aria-current={selected || undefined}>
      <header>
        <span className="sample-no">#{sample.index + 1}</span>
        <span className="words">{wordCount(t)} {wordCount(t) === 1 ? 'word' : 'words'}</span>
        {isNumberedList(t) && <span className="marker list" title="Numbered list of ≥ 2 items">numbered list</span>}
        {isBulletList(t) && <span className="marker list" title="≥ 2 lines starting with “- ”">bullet list</span>}
        {isAbstain(t) && <span className="marker refusal" title="Contains an abstention phrase (METRICS.md)">refusal</span>}
        {sample.finishReason && sample.finishReason !== 'stop' && sample.finishReason !== 'eos_token' && (
          <span className="marker other">{sample.finishReason}</span>
        )}
        <NeighboursButton sample={sample} />
      </header>
      {hasJudgements(judgements) && <SampleJudgements j={judgements} />}
      <div className="sample-text">{t}</div>
    </article>
  );
}

/** Opens this sample's semantic neighbours (Embeddings view) through the shared selection store, not a feature import. */
function NeighboursButton({ sample }: { sample: Sample }) {
  const sampleSelected = useSelectionStore((s) => s.sampleSelected);
  const viewChosen = useViewStore((s) => s.viewChosen);
  return (
    <button
      type="button"
      className="link-button neighbours-link"
      aria-label={`Semantic neighbours of ${sample.system} sample ${sample.index + 1}`}
      onClick={() => {
        sampleSelected({ system: sample.system, prompt: sample.prompt, index: sample.index });
        viewChosen('embeddings');
      }}
    >
      neighbours
    </button>
  );
}
