// Progress and cancellation for long projection jobs (PCA, k-NN, UMAP, clustering): a throttled, awaited progress
// callback that may return false to stop, an AbortSignal-like flag, and a macrotask yield so a worker sees cancel messages.

/** One progress report: `done` of `total` units of the named `phase` (units differ by phase: rows, epochs, iterations). */
export interface ProjectionProgress {
  phase: 'validate' | 'pca' | 'knn' | 'graph' | 'init' | 'layout' | 'cluster';
  done: number;
  total: number;
}

/** The part of `AbortSignal` core reads (core has no DOM types); a real `AbortSignal` fits. */
export interface AbortLike {
  readonly aborted: boolean;
}

/** How a caller watches and stops a job. Both are optional; a Comlink `proxy(callback)` works (its promise is awaited). */
export interface JobControl {
  /** Called at most every `progressMs` and at each phase end; returning (or resolving to) `false` stops the job. */
  onProgress?: (p: ProjectionProgress) => boolean | void | Promise<boolean | void>;
  signal?: AbortLike;
  /** Minimum milliseconds between progress calls (default 100). */
  progressMs?: number;
}

/** Thrown (so the job's promise rejects) when a job is stopped by its signal or its progress callback. */
export class JobCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(what: string) {
    super(`${what} cancelled`);
  }
}

/**
 * A job's ticker: `await tick(phase, done, total)` in loops; it reports at most every `progressMs`, yields a macrotask
 * about as often (so a worker can receive an abort message mid-job) and throws {@link JobCancelledError} when stopped.
 */
export class Ticker {
  private last = -Infinity;
  private readonly every: number;
  constructor(private readonly what: string, private readonly ctl: JobControl = {}) {
    this.every = ctl.progressMs ?? 100;
  }
  /** Cheap to call often: only does work when `progressMs` has passed or `force` (phase ends) is set. */
  async tick(phase: ProjectionProgress['phase'], done: number, total: number, force = false): Promise<void> {
    const now = performance.now();
    if (!force && now - this.last < this.every) return;
    this.last = now;
    if (this.ctl.signal?.aborted) throw new JobCancelledError(this.what);
    if (this.ctl.onProgress) {
      if ((await this.ctl.onProgress({ phase, done, total })) === false) throw new JobCancelledError(this.what);
    }
    // A macrotask, not a microtask: only then can a worker process the message that aborts the signal.
    await new Promise<void>((r) => setTimeout(r, 0));
    if (this.ctl.signal?.aborted) throw new JobCancelledError(this.what);
  }
}
