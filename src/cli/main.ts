/**
 * The entry point. `--version` alone is answered here, before the command-line parser and the
 * renderers are loaded: it is what scripts and installers run to check the program starts.
 */
import { packageVersion } from './version.js';

// A reader that goes away (`burn-audio plan … | head`, a terminal hung up) ends the output, not
// the run: a burn in progress goes on to its end and its exit code, and nothing more is written.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    stream.write = () => true;
  });
}

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  // A promise, not a top-level await: burn-audio.exe runs this as CommonJS.
  void import('./program.js').then(({ main }) => main(argv));
}
