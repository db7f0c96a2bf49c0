// Page side of the worker job model: a fresh job id per call, and the caller's AbortSignal turned into the service's cancel(jobId).

let counter = 0;

/** A job id unique within this page (workers only compare ids). */
export function newJobId(prefix = 'job'): string {
  return `${prefix}-${++counter}`;
}

/**
 * Runs one worker job: `start(jobId)` calls the service method with that id; aborting `signal` calls
 * `cancel(jobId)` on the service, whose job then rejects with `EmbedCancelled`. An already-aborted signal rejects
 * at once without starting. The returned promise settles exactly as the worker call does.
 */
export async function runJob<T>(start: (jobId: string) => Promise<T>, cancel: (jobId: string) => unknown, signal?: AbortSignal, prefix?: string): Promise<T> {
  signal?.throwIfAborted();
  const jobId = newJobId(prefix);
  const onAbort = () => void cancel(jobId);
  signal?.addEventListener('abort', onAbort);
  try {
    return await start(jobId);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
