/**
 * Preloaded into a benchmarked process (`node --import`): at exit, writes its peak resident set
 * size in kilobytes to the file named by BENCH_MAX_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_MAX_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
