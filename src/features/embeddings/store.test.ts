// The panel store's job lifecycle: a progress report that reaches the page after the job ended must not bring the job back.
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmbedProgress } from '../../core/embed/embedder';
import { resetEmbeddingsStore, useEmbeddingsStore } from './store';

const progress = (done: number): EmbedProgress => ({ phase: 'embedding', done, total: 250, elapsedMs: 1 });

describe('embeddings store job', () => {
  beforeEach(resetEmbeddingsStore);

  it('keeps progress of the running job', () => {
    const s = useEmbeddingsStore.getState();
    s.jobStarted('LIMA-OE: llama-2-chat');
    s.jobProgressed(progress(10));
    expect(useEmbeddingsStore.getState().job).toEqual({ label: 'LIMA-OE: llama-2-chat', progress: progress(10) });
  });

  // The CI failure: the worker's last progress message (its own MessagePort) arrived after the job's result (the
  // worker's channel), made a label-less job and left the panel "running" for good.
  it('ignores progress that arrives after the job ended', () => {
    const s = useEmbeddingsStore.getState();
    s.jobStarted('LIMA-OE: llama-2-chat');
    s.jobEnded(null);
    s.jobProgressed(progress(250));
    expect(useEmbeddingsStore.getState().job).toBeNull();
  });
});
