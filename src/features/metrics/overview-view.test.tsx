// @vitest-environment jsdom
// The Overview keeps its table (dimmed) while a tokenizer switch recomputes, but never shows one dataset's figures under another's name.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDataset, makeSample } from '../../core/model/builders';
import type { DatasetMeta } from '../../data/workspace';
import { useViewStore } from '../../state/view-store';
import { Measurer } from '../../workers/services/measurer';

/** Overview requests wait here until the test releases them, so the "still computing" moments can be looked at. */
const gate = vi.hoisted(() => ({ waiting: [] as (() => void)[] }));
/** Answers the waiting requests, then lets the query results render (TanStack notifies on a timer, not a microtask). */
const release = async () => {
  gate.waiting.splice(0).forEach((go) => go());
  await new Promise((r) => setTimeout(r, 20));
};

vi.mock('../../data/worker-handle', () => ({
  lazyWorker: () => {
    const m = new Measurer();
    const remote = {
      setDataset: (k: string, ds: Parameters<Measurer['setDataset']>[1]) => m.setDataset(k, ds),
      drop: (k: string) => m.drop(k),
      overview: (k: string, o: Parameters<Measurer['overview']>[1]) =>
        new Promise((resolve) => gate.waiting.push(() => resolve(m.overview(k, o)))),
    };
    return { get: () => ({ worker: {} as Worker, remote }), call: async <R,>(fn: (r: typeof remote) => R) => fn(remote), reset: () => undefined };
  },
}));

const datasets: Record<string, { meta: DatasetMeta; system: string }> = {
  a: { meta: { key: 'a', name: 'Alpha', contentHash: 'ha', splits: ['outputs'] } as DatasetMeta, system: 'alpha-sys' },
  b: { meta: { key: 'b', name: 'Beta', contentHash: 'hb', splits: ['outputs'] } as DatasetMeta, system: 'beta-sys' },
};

vi.mock('../../data/workspace', () => ({
  getDatasetMeta: async (key: string) => datasets[key]?.meta,
  loadDataset: async (key: string) => {
    const system = datasets[key]!.system;
    return makeDataset({ samples: [makeSample({ system, text: 'one two' }), makeSample({ system, index: 1, text: 'one three' })] });
  },
}));

const { OverviewView } = await import('./overview-view');

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
let root: Root;
let host: HTMLElement;
const initial = useViewStore.getState();

beforeEach(async () => {
  gate.waiting.length = 0;
  useViewStore.setState(initial, true);
  useViewStore.getState().datasetOpened('a');
  host = document.body.appendChild(document.createElement('div'));
  root = createRoot(host);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  await act(async () => root.render(<QueryClientProvider client={client}><OverviewView /></QueryClientProvider>));
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const table = () => host.querySelector('table');
/** Lets pending requests reach the gate, then answers them and waits for the render. */
const answer = async () => {
  await vi.waitFor(() => expect(gate.waiting.length).toBeGreaterThan(0));
  await act(release);
};

describe('Overview while recomputing', () => {
  it('keeps the previous table, dimmed with a note, while the tokenizer switch recomputes', async () => {
    await answer();
    expect(table()?.getAttribute('aria-label')).toBe('Overview of Alpha, outputs');
    const select = host.querySelector<HTMLSelectElement>('select[aria-label="Tokenizer"]')!;
    await act(async () => {
      select.value = 'treebank';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await vi.waitFor(() => expect(gate.waiting.length).toBeGreaterThan(0));
    expect(table()?.textContent).toContain('alpha-sys');
    expect(table()?.classList.contains('stale')).toBe(true);
    expect(host.querySelector('[role="status"]')?.textContent).toMatch(/Recomputing with the treebank tokenizer/);
    await act(release);
    expect(table()?.classList.contains('stale')).toBe(false);
    expect(host.querySelector('[role="status"]')).toBeNull();
  });

  it("never shows the previous dataset's figures after a dataset switch", async () => {
    await answer();
    expect(table()?.textContent).toContain('alpha-sys');
    await act(async () => useViewStore.getState().datasetOpened('b'));
    await vi.waitFor(() => expect(gate.waiting.length).toBeGreaterThan(0));
    expect(table()).toBeNull();
    expect(host.textContent).not.toContain('alpha-sys');
    await act(release);
    expect(table()?.getAttribute('aria-label')).toBe('Overview of Beta, outputs');
    expect(table()?.textContent).toContain('beta-sys');
  });
});

describe('Overview rows and notes', () => {
  it('a system name opens that system in Browse', async () => {
    await answer();
    const link = host.querySelector<HTMLButtonElement>('button[title="Open alpha-sys in Browse"]')!;
    await act(async () => link.click());
    expect(useViewStore.getState().view).toBe('browse');
    expect(useViewStore.getState().systems).toEqual(['alpha-sys']);
  });
  it('says the time is that of the run over all splits (not stale per split), and carries the metric definitions', async () => {
    await answer();
    expect(host.textContent).toMatch(/all splits measured in \d+ ms \(regex tokenizer, measurer worker\)/);
    expect(host.textContent).not.toMatch(/computed in \d+ ms/);
    const doc = host.querySelector('[aria-label="Metric definitions"]')!;
    expect(doc.textContent).toContain('jaccard_all');
    expect(doc.textContent).toContain('Higher means less diverse');
  });
});
