/**
 * The entry point. `--version` alone is answered here, before the command-line parser and the
 * renderers are loaded: it is what scripts and installers run to check the program starts.
 */
import { packageVersion } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  await (await import('./program.js')).main(argv);
}
