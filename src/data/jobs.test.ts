// The page side of a worker job: ids, abort → cancel(jobId), and progress that is cut off once the job settles.
import { describe, expect, it } from 'vitest';
import { runJob } from './jobs';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runJob', () => {
  it('forwards progress while the job runs and drops reports that arrive after it settled', async () => {
    const got: number[] = [];
    let late: ((p: number) => void) | undefined;
    const res = await runJob<string, number>(
      async (_id, report) => {
        report?.(1);
        late = report;
        return 'done';
      },
      () => undefined,
      undefined,
      'test',
      (p) => got.push(p),
    );
    late?.(2); // e.g. the worker's last progress message, delivered after its result
    expect(res).toBe('done');
    expect(got).toEqual([1]);
  });

  it('drops late progress after a rejection too', async () => {
    const got: number[] = [];
    let late: ((p: number) => void) | undefined;
    const job = runJob<never, number>(
      async (_id, report) => {
        late = report;
        throw new Error('boom');
      },
      () => undefined,
      undefined,
      'test',
      (p) => got.push(p),
    );
    await expect(job).rejects.toThrow('boom');
    late?.(1);
    expect(got).toEqual([]);
  });

  it('passes no callback when the caller wants no progress', async () => {
    await runJob(async (_id, report) => expect(report).toBeUndefined(), () => undefined);
  });

  it('turns an abort into cancel(jobId) of that job, and a pre-aborted signal into a rejection without starting', async () => {
    const cancelled: string[] = [];
    const ctrl = new AbortController();
    let id = '';
    const job = runJob(
      async (jobId) => {
        id = jobId;
        await later(10);
        return 1;
      },
      (jobId) => cancelled.push(jobId),
      ctrl.signal,
      'embed',
    );
    ctrl.abort();
    await job;
    expect(id).toMatch(/^embed-\d+$/);
    expect(cancelled).toEqual([id]);
    let started = false;
    await expect(runJob(async () => (started = true), () => undefined, ctrl.signal)).rejects.toThrow();
    expect(started).toBe(false);
  });
});
