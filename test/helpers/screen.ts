import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import xterm from '@xterm/headless';
import { BIN } from './cli.js';

/** The marker the test's shell prints (an OSC sequence a terminal ignores) where it resizes the pty. */
const RESIZE_MARK = '\u001b]777;resize\u0007';

/** Synchronized output (DEC mode 2026): a terminal draws what comes between these at once. */
const SYNC_BEGIN = '\u001b[?2026h';
const SYNC_END = '\u001b[?2026l';

export interface ScreenRun {
  code: number | null;
  /** Every line on the terminal at the end, scrollback included (rows the terminal wrapped joined again). */
  rows: string[];
  /** The visible screen at the moment `snapshot` first held, and after the resize. */
  snapshots: string[][];
  /** Rows the terminal wrapped at the end (continuations of a row too long for it). */
  wrapped: number;
}

export interface ScreenOptions {
  cols: number;
  rows: number;
  /** The CLI's environment (TERM: xterm-256color unless it says otherwise). */
  env: Record<string, string>;
  /** A folder for the file that tells the shell to resize. */
  dir: string;
  /**
   * When the visible screen (its rows, and which of them the terminal wrapped) first satisfies
   * this, it is kept and the terminal resized to `resizeTo`; then it is kept once more when the
   * resized screen satisfies it.
   */
  snapshot: (screen: string[], wrapped: boolean[]) => boolean;
  resizeTo?: { cols: number; rows: number };
  /** Typed once the visible screen first satisfies `when`: the answer to a prompt. */
  keys?: { when: (screen: string[]) => boolean; text: string };
  /** Each `file` is created once the visible screen first satisfies its `when`, and `afterSnapshots` once every snapshot is kept: to let a burn the simulator holds (pauseAtBlock) go on. */
  creates?: Array<{ when: (screen: string[]) => boolean; file: string }>;
  afterSnapshots?: string;
}

/**
 * Runs the CLI on a real pseudo-terminal (util-linux `script`) and feeds every byte it writes
 * to a terminal emulator (xterm.js, headless) of the same size. The moment of the snapshot is
 * defined by what is on the screen, not by time: once it holds, the test creates a file; the
 * shell, waiting for that file, stops the CLI (SIGSTOP), prints a marker, resizes the pty and
 * lets the CLI go on (SIGWINCH follows); a CLI that ends first is not resized. The emulator is
 * resized at the marker, as a terminal window is before its program hears of it.
 */
export async function onScreen(args: string[], options: ScreenOptions): Promise<ScreenRun> {
  const term = new xterm.Terminal({ cols: options.cols, rows: options.rows, scrollback: 5000, allowProposedApi: true });
  const trigger = join(options.dir, `resize-${process.pid}-${Date.now()}`);
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const resize = options.resizeTo
    ? `while [ ! -e '${trigger}' ] && kill -0 $p 2>/dev/null; do sleep 0.05; done; if [ -e '${trigger}' ]; then kill -STOP $p; printf '\\033]777;resize\\007'; stty cols ${options.resizeTo.cols} rows ${options.resizeTo.rows}; kill -CONT $p; fi;`
    : '';
  // A job the shell starts in the background reads /dev/null unless given the terminal: so it is, when there is something to type.
  const input = options.keys ? ' <&3' : '';
  const shell = `exec 3<&0; stty cols ${options.cols} rows ${options.rows}; ${quoted}${input} & p=$!; ${resize} wait $p; printf '\\033]777;exit;%d\\007' $?`;
  const child = spawn('script', ['-qfec', shell, '/dev/null'], {
    env: { ...process.env, TERM: 'xterm-256color', ...options.env, CI: '' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const write = (data: string): Promise<void> => new Promise((resolve) => term.write(data, resolve));
  const snapshots: string[][] = [];
  let pending = '';
  let resized = false;
  let queue = Promise.resolve();
  let code: number | null = null;
  let typed = false;
  const created = new Set<string>();
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    queue = queue.then(async () => {
      pending += text;
      const mark = pending.indexOf(RESIZE_MARK);
      if (mark >= 0 && options.resizeTo) {
        await write(pending.slice(0, mark));
        term.resize(options.resizeTo.cols, options.resizeTo.rows);
        resized = true;
        pending = pending.slice(mark + RESIZE_MARK.length);
      }
      const exit = /\u001b\]777;exit;(\d+)\u0007/.exec(pending);
      if (exit) {
        code = Number(exit[1]);
        pending = pending.replace(exit[0], '');
      }
      // Keep back what could be the start of a marker, and a frame not yet written to its end:
      // the display draws each frame as synchronized output, which a terminal shows only whole.
      const keep = pending.lastIndexOf('\u001b]777');
      const marked = keep >= 0 && !pending.slice(keep).includes('\u0007') ? pending.slice(0, keep) : pending;
      const frame = marked.lastIndexOf(SYNC_BEGIN);
      const ready = frame >= 0 && !marked.slice(frame).includes(SYNC_END) ? marked.slice(0, frame) : marked;
      pending = pending.slice(ready.length);
      await write(ready);
      const { screen, wrapped } = visible(term);
      const wanted = resized ? 2 : 1;
      if (snapshots.length < wanted && options.snapshot(screen, wrapped)) {
        snapshots.push(screen);
        if (!resized && options.resizeTo) writeFileSync(trigger, '');
        if (snapshots.length === (options.resizeTo ? 2 : 1) && options.afterSnapshots) writeFileSync(options.afterSnapshots, '');
      }
      for (const step of options.creates ?? []) {
        if (created.has(step.file) || !step.when(screen)) continue;
        created.add(step.file);
        writeFileSync(step.file, '');
      }
      if (options.keys && !typed && options.keys.when(screen)) {
        typed = true;
        child.stdin.write(options.keys.text);
      }
    });
  });
  await new Promise((resolve) => child.on('close', resolve));
  await queue;
  await write(pending);
  const buffer = term.buffer.active;
  const rows: string[] = [];
  let wrapped = 0;
  for (let i = 0; i < buffer.length; i += 1) {
    const line = buffer.getLine(i)!;
    // A row the terminal wrapped (or re-wrapped on a resize) continues the one before it.
    if (line.isWrapped && rows.length > 0) {
      wrapped += 1;
      rows[rows.length - 1] += line.translateToString(true);
    } else {
      rows.push(line.translateToString(true));
    }
  }
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  term.dispose();
  return { code, rows, snapshots, wrapped };
}

function visible(term: InstanceType<typeof xterm.Terminal>): { screen: string[]; wrapped: boolean[] } {
  const buffer = term.buffer.active;
  const rows = Array.from({ length: term.rows }, (_, i) => buffer.getLine(buffer.viewportY + i));
  return { screen: rows.map((row) => row?.translateToString(true) ?? ''), wrapped: rows.map((row) => row?.isWrapped ?? false) };
}
