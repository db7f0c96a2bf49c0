// The slice of fetch/AbortSignal/streams the generator uses, typed structurally so core compiles without DOM or Node types.

/** Cancellation signal, as `AbortSignal` (browser, worker, Node ≥ 18). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** A readable byte stream's reader (`ReadableStreamDefaultReader<Uint8Array>`). */
export interface StreamReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** The parts of `Response` the generator reads. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): StreamReaderLike } | null;
  text(): Promise<string>;
}

/** What the generator passes to fetch. */
export interface RequestInitLike {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignalLike;
}

/** `fetch`, injected: the page and workers pass `globalThis.fetch`, the CLI Node's, tests a server or a fake. */
export type FetchLike = (url: string, init: RequestInitLike) => Promise<ResponseLike>;

/** An `AbortController` of the host (exists in browsers, workers and Node alike; not declared in core's lib). */
export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

const host = globalThis as unknown as {
  AbortController: new () => AbortControllerLike;
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
};

/** A new host `AbortController`. */
export const newAbortController = (): AbortControllerLike => new host.AbortController();
/** Host `setTimeout`, returning an opaque id for {@link clearTimer}. */
export const startTimer = (cb: () => void, ms: number): unknown => host.setTimeout(cb, ms);
/** Host `clearTimeout`. */
export const clearTimer = (id: unknown): void => host.clearTimeout(id);

/** Waits `ms`, rejecting with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimer(t);
      reject(signal!.reason);
    };
    const t = startTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
