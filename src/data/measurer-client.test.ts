// The page side of the measurer: datasets handed to the worker are freed when deleted or replaced (an in-process Measurer stands in for the worker).
import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDataset, makeSample } from '../core/model/builders';
import { Measurer } from '../workers/services/measurer';

const held = vi.hoisted(() => ({ measurer: null as Measurer | null }));

vi.mock('./worker-handle', () => ({
  lazyWorker: () => {
    const worker = {} as Worker;
    const remote = () => (held.measurer ??= new Measurer());
    return {
      get: () => ({ worker, remote: remote(), crashed: new Promise<never>(() => undefined) }),
      call: async <R,>(fn: (r: Measurer) => Promise<R> | R) => fn(remote()),
      reset: () => undefined,
    };
  },
}));

vi.mock('./workspace', () => ({
  loadDataset: async () => makeDataset({ samples: [makeSample({ system: 'a', text: 'one two' }), makeSample({ system: 'a', index: 1, text: 'one three' })] }),
  deleteDataset: async () => undefined,
  renameDataset: async () => undefined,
}));

const { fetchOverview, forgetDataset } = await import('./measurer-client');
const { deleteDatasetMutation } = await import('./workspace-actions');

const heldKeys = () => held.measurer?.heldKeys() ?? [];
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(async () => {
  for (const k of heldKeys()) await forgetDataset(k.split('#')[0]!);
});

describe('measurer client', () => {
  it('frees the old copy when a key comes back with new content (deleted, then re-imported)', async () => {
    await fetchOverview('good', 'A', 'regex');
    await fetchOverview('other', 'X', 'regex');
    expect(heldKeys()).toEqual(['good#A', 'other#X']);
    await fetchOverview('good', 'B', 'regex');
    await settle();
    expect(heldKeys()).toEqual(['other#X', 'good#B']);
  });

  it('frees a deleted dataset, and hands it over afresh if asked again', async () => {
    await fetchOverview('good', 'A', 'regex');
    await fetchOverview('good-2', 'A', 'regex');
    await forgetDataset('good');
    expect(heldKeys()).toEqual(['good-2#A']);
    await expect(fetchOverview('good', 'A', 'regex')).resolves.toMatchObject({ tokenizer: 'regex' });
    expect(heldKeys()).toEqual(['good-2#A', 'good#A']);
  });

  it('the delete mutation frees the worker copy', async () => {
    await fetchOverview('gone', 'A', 'regex');
    const client = new QueryClient();
    await new MutationObserver(client, deleteDatasetMutation(client)).mutate('gone');
    expect(heldKeys()).not.toContain('gone#A');
  });
});
