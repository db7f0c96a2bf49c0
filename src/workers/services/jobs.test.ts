// The job model: cancel before or during a job rejects it with EmbedCancelled at its next checkpoint; a throw rejects.
import { describe, expect, it } from 'vitest';
import { checkpoint, isCancelled, Jobs } from './jobs';

describe('Jobs', () => {
  it('cancels a running job at its next checkpoint', async () => {
    const jobs = new Jobs();
    let steps = 0;
    const p = jobs.run('j1', async (signal) => {
      for (;;) {
        steps++;
        await checkpoint(signal);
      }
    });
    await new Promise((r) => setTimeout(r, 5));
    jobs.cancel('j1');
    await expect(p).rejects.toSatisfy(isCancelled);
    expect(steps).toBeGreaterThan(0);
    expect(jobs.ids()).toEqual([]);
  });

  it('honours a cancel that arrives before the job starts', async () => {
    const jobs = new Jobs();
    jobs.cancel('early');
    await expect(jobs.run('early', (s) => checkpoint(s))).rejects.toThrow(/cancelled/);
    await expect(jobs.run('early', async (s) => (await checkpoint(s), 1))).resolves.toBe(1);
  });

  it('rejects with the job’s own error', async () => {
    await expect(new Jobs().run(undefined, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
