import { readFileSync } from 'node:fs';
import { standalone } from '../standalone.js';

/** burn-audio's version, from its package.json (compiled into burn-audio.exe). */
export function packageVersion(): string {
  return standalone()?.version ?? (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
