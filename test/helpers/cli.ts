import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/burn-audio.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Called with the child and each stdout chunk, e.g. to send a signal at a chosen point. */
  onStdout?: (child: ChildProcess, text: string) => void;
  /** The same for stderr, where plain output goes. */
  onStderr?: (child: ChildProcess, text: string) => void;
}

/** Runs the real `burn-audio` binary as a user would, stdio on pipes (not a TTY). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(child, text);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      options.onStderr?.(child, text);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The NDJSON records a `--json` run printed. */
export function jsonLines(stdout: string): Array<Record<string, unknown> & { type: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { type: string });
}

/** INDEX 01 positions of a cue sheet, in sectors from the start of its file. */
export function index01Sectors(cue: string): number[] {
  return [...cue.matchAll(/INDEX 01 (\d\d):(\d\d):(\d\d)/g)].map(([, m, s, f]) => (Number(m) * 60 + Number(s)) * 75 + Number(f));
}

/**
 * The environment that holds a run at `point` (src/pause-point.ts: after the first `probe` event,
 * or the first blocks' `addProgress`) until the file `resume` exists; for good (until it is
 * interrupted) when no file is given.
 */
export function pausedAt(point: 'probing' | 'staging' | 'verifying', resume = '/nonexistent/burn-audio-resume'): Record<string, string> {
  return { BURN_AUDIO_PAUSE: `${point}:${resume}` };
}
