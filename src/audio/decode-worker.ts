/** A decoding thread: runs the probe's jobs it is sent (a file to decode, or decoded audio to make CD audio of), one at a time, and answers each. */
import { parentPort } from 'node:worker_threads';
import { decodeFile, errorFacts, makeCdAudio, type CdJob, type DecodeJob } from './decode-job.js';

const port = parentPort!;
port.on('message', (job: DecodeJob | CdJob) => {
  ('kept' in job ? makeCdAudio(job) : decodeFile(job)).then(
    (found) => port.postMessage({ found }),
    (error: unknown) => port.postMessage({ error: errorFacts(error) }),
  );
});
