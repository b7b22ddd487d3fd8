/**
 * The entry of burn-audio.exe, a Node single executable application (scripts/build-exe.ts
 * bundles it into one script and injects it into Windows node.exe). It says where the version
 * and the native files come from (src/standalone.ts), then runs the command line, or a batch's
 * worker when the command line started this program again as one.
 */
import { runStandalone, WORKER_VARIABLE } from '../standalone.js';
import { placeNativeFile } from './native-files.js';

/** package.json's version, put in by the bundler. */
declare const BURN_AUDIO_VERSION: string;

runStandalone({ version: BURN_AUDIO_VERSION, nativeFile: (file) => placeNativeFile(file, BURN_AUDIO_VERSION) });
if (process.env[WORKER_VARIABLE] === '1' && process.send) void import('../jobs/batch/worker.js');
else void import('../cli/main.js');
