// @vitest-environment jsdom
// The hash sync of the view store: moves make history entries (so Back works), tweaks replace the current one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeViewState } from './view-state';
import { syncViewStateWithHash, useViewStore } from './view-store';

const initial = useViewStore.getState();
let stop: () => void = () => undefined;

beforeEach(() => {
  useViewStore.setState(initial, true);
  history.replaceState(null, '', '/');
  stop = syncViewStateWithHash();
});
afterEach(() => stop());

const hashState = () => decodeViewState(location.hash);

/** Goes back one entry and waits for the popstate that jsdom fires asynchronously. */
const back = () =>
  new Promise<void>((resolve) => {
    window.addEventListener('popstate', () => setTimeout(resolve, 0), { once: true });
    history.back();
  });

describe('view state ↔ hash', () => {
  it('pushes an entry per prompt, dataset or view change, so Back returns to the previous prompt', async () => {
    const start = history.length;
    const a = useViewStore.getState();
    a.datasetOpened('lima-oe');
    a.promptSelected(2);
    a.promptSelected(5);
    // The first dataset opened on start-up replaces the entry; the two prompts push one each.
    expect(history.length).toBe(start + 2);
    expect(hashState()).toMatchObject({ dataset: 'lima-oe', prompt: 5 });
    await back();
    expect(useViewStore.getState().prompt).toBe(2);
    expect(useViewStore.getState().dataset).toBe('lima-oe');
  });

  it('replaces the entry when only systems or split change', () => {
    useViewStore.getState().datasetOpened('lima-oe');
    const start = history.length;
    useViewStore.getState().systemsChosen(['llama-2-base']);
    useViewStore.getState().splitChosen('outputs-temp0');
    expect(history.length).toBe(start);
    expect(hashState()).toMatchObject({ systems: ['llama-2-base'], split: 'outputs-temp0' });
  });
});
