// Page side of the worker job model: a fresh job id per call, the caller's AbortSignal turned into the service's cancel(jobId), and progress that stops when the job settles.

let counter = 0;

/** A job id unique within this page (workers only compare ids). */
export function newJobId(prefix = 'job'): string {
  return `${prefix}-${++counter}`;
}

/**
 * Runs one worker job: `start(jobId, report)` calls the service method with that id (and `report`, wrapped in Comlink's
 * `proxy()`, as its progress callback); aborting `signal` calls `cancel(jobId)` on the service, whose job then rejects
 * with `EmbedCancelled`. An already-aborted signal rejects at once without starting. The returned promise settles
 * exactly as the worker call does.
 *
 * `report` forwards to `onProgress` only until the job settles. A worker sends progress on the callback's own
 * MessagePort and its result on the worker's channel, and Chromium does not keep order between the two: on a busy
 * page the last progress message arrives after the result (measured 25–38 ms late). Without the gate that late report
 * lands after the caller has finished the job and, in the Embeddings panel, brought the finished job back as running.
 */
export async function runJob<T, P = never>(
  start: (jobId: string, report: ((p: P) => void) | undefined) => Promise<T>,
  cancel: (jobId: string) => unknown,
  signal?: AbortSignal,
  prefix?: string,
  onProgress?: (p: P) => void,
): Promise<T> {
  signal?.throwIfAborted();
  const jobId = newJobId(prefix);
  const onAbort = () => void cancel(jobId);
  let open = true;
  const report = onProgress && ((p: P) => void (open && onProgress(p)));
  signal?.addEventListener('abort', onAbort);
  try {
    return await start(jobId, report);
  } finally {
    open = false;
    signal?.removeEventListener('abort', onAbort);
  }
}
