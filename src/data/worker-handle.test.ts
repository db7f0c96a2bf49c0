// The lazy worker handle: a worker that dies rejects pending calls (never hangs them) and is replaced on the next call.
import { describe, expect, it } from 'vitest';
import { lazyWorker } from './worker-handle';

/** Enough of a Worker for Comlink's wrap and the crash listener. */
class FakeWorker extends EventTarget {
  terminated = false;
  postMessage() {}
  terminate() {
    this.terminated = true;
  }
}

describe('lazyWorker', () => {
  it('rejects a pending call when the worker errors, then starts a fresh worker', async () => {
    const made: FakeWorker[] = [];
    const lw = lazyWorker<object>('test', () => {
      const w = new FakeWorker();
      made.push(w);
      return w as unknown as Worker;
    });
    const pending = lw.call(() => new Promise<never>(() => undefined));
    made[0]!.dispatchEvent(Object.assign(new Event('error'), { message: 'out of memory' }));
    await expect(pending).rejects.toThrow('The test worker stopped: out of memory');
    expect(made[0]!.terminated).toBe(true);
    await expect(lw.call(async () => 42)).resolves.toBe(42);
    expect(made).toHaveLength(2);
  });

  it('creates the worker once for many calls', async () => {
    let n = 0;
    const lw = lazyWorker<object>('test', () => (n++, new FakeWorker() as unknown as Worker));
    await Promise.all([lw.call(async () => 1), lw.call(async () => 2)]);
    expect(n).toBe(1);
  });
});
