// Worker-thread entry of `report` (bundled as dist-cli/report-worker.js): runs one lane and posts its tables back.
import { parentPort, workerData } from 'node:worker_threads';
import { runLane, type LaneJob } from './report-lanes';

runLane(workerData as LaneJob).then(
  (ok) => parentPort!.postMessage({ ok }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);
