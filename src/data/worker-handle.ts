// One lazy Comlink worker per service: created on first use, and after a crash every pending call rejects and the next call starts afresh.

import { wrap, type Remote } from 'comlink';

/** A live worker and its Comlink proxy. */
export interface WorkerHandle<T> {
  worker: Worker;
  remote: Remote<T>;
  /** Rejects when the worker dies (script error, out of memory), so calls never hang on a dead worker. */
  crashed: Promise<never>;
}

/** The lazy singleton of one service's worker. */
export interface LazyWorker<T> {
  /** The live handle, starting the worker if there is none. */
  get(): WorkerHandle<T>;
  /** Runs `fn` on the worker; a dead worker rejects (and the next call starts a fresh one). */
  call<R>(fn: (remote: Remote<T>) => Promise<R>): Promise<R>;
  /** Terminates the worker, if any; the next call starts a new one. */
  reset(): void;
}

/**
 * `create` must contain the literal `new Worker(new URL('…', import.meta.url), …)` so Vite bundles the worker; `label`
 * names it in the crash message (e.g. "embedding").
 */
export function lazyWorker<T>(label: string, create: () => Worker): LazyWorker<T> {
  let handle: WorkerHandle<T> | null = null;
  const get = (): WorkerHandle<T> => {
    if (handle) return handle;
    const worker = create();
    const crashed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (ev) => {
        reject(new Error(`The ${label} worker stopped: ${ev.message || 'script error'}`));
        if (handle?.worker === worker) handle = null;
        worker.terminate();
      });
    });
    crashed.catch(() => undefined);
    handle = { worker, remote: wrap<T>(worker), crashed };
    return handle;
  };
  return {
    get,
    call: (fn) => {
      const h = get();
      return Promise.race([fn(h.remote), h.crashed]);
    },
    reset: () => {
      handle?.worker.terminate();
      handle = null;
    },
  };
}
