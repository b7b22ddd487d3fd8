/** A decoding thread: runs the probe's decode jobs it is sent, one at a time, and answers each. */
import { parentPort } from 'node:worker_threads';
import { decodeFile, errorFacts, type DecodeJob } from './decode-job.js';

const port = parentPort!;
port.on('message', (job: DecodeJob) => {
  decodeFile(job).then(
    (found) => port.postMessage({ found }),
    (error: unknown) => port.postMessage({ error: errorFacts(error) }),
  );
});
