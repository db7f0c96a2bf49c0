// The one job model for long worker work (embed, coverage, project, cluster): a job id, a progress callback, cancel(jobId) → AbortSignal, a throw rejects.

/**
 * Progress of any long job. `phase` names the step (`loading`, `embedding`, `projecting`, …); `done`/`total` are in
 * the step's own unit (texts, prompts, epochs, bytes; `total` 0 while unknown). Times in milliseconds.
 */
export interface JobProgress {
  phase: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** Estimated time left; undefined until it can be estimated. */
  etaMs?: number;
}

/** What every long service method takes besides its inputs: `jobId` lets `cancel(jobId)` stop it. */
export interface JobOptions {
  jobId?: string;
}

/** The error a cancelled job rejects with (`name` survives the worker boundary, so callers test `name`). */
export function cancelledError(what = 'The job'): Error {
  const e = new Error(`${what} was cancelled.`);
  e.name = 'EmbedCancelled';
  return e;
}

/** Whether `e` is the rejection of a cancelled job. */
export function isCancelled(e: unknown): boolean {
  return e instanceof Error && (e.name === 'EmbedCancelled' || e.name === 'AbortError');
}

/**
 * Lets a queued `cancel()` message run, then throws {@link cancelledError} if `signal` was aborted. Long loops call it
 * between units of work (a batch, a chunk of prompts, an epoch): Comlink delivers `cancel` as a message, which
 * only runs when the loop yields.
 */
export async function checkpoint(signal: AbortSignal | undefined, what?: string): Promise<void> {
  await new Promise<void>((r) => setTimeout(r, 0));
  if (signal?.aborted) throw cancelledError(what);
}

/**
 * Running jobs of one service, by id. `run(jobId, fn)` hands `fn` an AbortSignal that `cancel(jobId)` aborts (also
 * when the cancel arrives before the job started, as it can across a worker boundary); the job's promise settles
 * exactly as `fn`'s does, so a throw rejects and nothing hangs.
 */
export class Jobs {
  private readonly running = new Map<string, AbortController>();
  /** Ids cancelled before they started (bounded, oldest dropped). */
  private readonly early = new Set<string>();

  async run<T>(jobId: string | undefined, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ctrl = new AbortController();
    if (jobId !== undefined) {
      if (this.early.delete(jobId)) ctrl.abort();
      this.running.set(jobId, ctrl);
    }
    try {
      return await fn(ctrl.signal);
    } finally {
      if (jobId !== undefined && this.running.get(jobId) === ctrl) this.running.delete(jobId);
    }
  }

  /** Stops job `jobId` at its next {@link checkpoint}; it then rejects with `EmbedCancelled`. Unknown ids are remembered briefly. */
  cancel(jobId: string): void {
    const ctrl = this.running.get(jobId);
    if (ctrl) {
      ctrl.abort();
      return;
    }
    this.early.add(jobId);
    if (this.early.size > 64) this.early.delete(this.early.values().next().value!);
  }

  /** Ids of jobs running now. */
  ids(): string[] {
    return [...this.running.keys()];
  }
}
