// Hint lab view: build a URIAL prompt for the selected prompt, regenerate samples on a server or in the browser, compare with the teacher at once.

import { useQuery } from '@tanstack/react-query';
import { datasetMetaQuery } from '../../data/queries';
import { useDatasetKey, usePromptIndex } from '../../state/view-store';
import { BuilderPanel } from './builder-panel';
import { EnginePanel } from './engine-panel';
import './hint-lab.css';
import { ResultsPanel } from './results-panel';
import { RunPanel } from './run-panel';
import { RunsList } from './runs-list';
import { useLabStore } from './store';
import { useBuilder } from './use-builder';
import { useLabActions } from './use-lab-runs';
import type { DatasetMeta } from '../../data/workspace';

function Lab({ meta, prompt }: { meta: DatasetMeta; prompt: number }) {
  const builder = useBuilder(meta);
  const { resume } = useLabActions(meta, builder);
  const edited = useLabStore((s) => (s.editedPrompt?.key === meta.key && s.editedPrompt.prompt === prompt ? s.editedPrompt.text : null));
  const composed = builder.compose(prompt);
  const promptText = edited ?? ('text' in composed ? composed.text : null);
  const current = meta.prompts.find((p) => p.index === prompt);
  return (
    <div className="hint-lab">
      <div className="lab-left">
        <div className="prompt-head" aria-label="Selected prompt">
          <span className="muted">Prompt {prompt}</span>
          <p className="prompt-full">{current?.text}</p>
        </div>
        <BuilderPanel meta={meta} prompt={prompt} builder={builder} promptText={promptText} />
        <RunPanel meta={meta} prompt={prompt} builder={builder} promptText={promptText} />
        <EnginePanel />
      </div>
      <div className="lab-right">
        <ResultsPanel meta={meta} prompt={prompt} builder={builder} />
        <RunsList meta={meta} onResume={resume} />
      </div>
    </div>
  );
}

/** The Hint lab tab. */
export function HintLabView() {
  const key = useDatasetKey();
  const meta = useQuery({ ...datasetMetaQuery(key ?? ''), enabled: key !== undefined }).data;
  const prompt = usePromptIndex();
  if (!key || !meta) return <p className="empty">Open a dataset in the Library.</p>;
  const p = prompt ?? meta.prompts[0]?.index;
  if (p === undefined) return <p className="empty">This dataset has no prompts.</p>;
  return <Lab meta={meta} prompt={p} />;
}
