// Worker-thread entry of `report` (bundled as dist-cli/report-worker.js): started before the plan exists, it waits for
// its job, runs one lane (claiming units until none are left) and posts the results back.
import { parentPort } from 'node:worker_threads';
import { runLane, type LaneJob } from './report-lanes';

parentPort!.once('message', (job: LaneJob) => {
  runLane(job).then(
    (ok) => parentPort!.postMessage({ ok }),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
  );
});
