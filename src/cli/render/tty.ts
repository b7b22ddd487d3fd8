import { Chalk, chalkStderr, type ChalkInstance } from 'chalk';
import cliProgress from 'cli-progress';
import ora, { type Ora } from 'ora';
import { plainText } from '../../disc/text.js';
import { formatDuration } from '../../disc/red-book.js';
import type { BurnEvent } from '../../events.js';
import { DiscProgress, type Phase } from './disc-progress.js';
import { discSummary, doneMessage, erasingLine, recorderLine, trackLabel } from './labels.js';
import type { RenderOptions, Renderer } from './renderer.js';

const TITLE_WIDTH = 28;
/** Width of a row's label ("▶ 05 " and the title), so the disc bar lines up with the track bars. */
const LABEL_WIDTH = 5 + TITLE_WIDTH;
/** Lines kept free around the track rows: the disc bar, a blank line, the shell prompt. */
const RESERVED_ROWS = 4;

/** Colour level for stderr: FORCE_COLOR wins, then NO_COLOR (https://no-color.org), then the terminal. */
export function stderrChalk(env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (env.FORCE_COLOR === undefined && env.NO_COLOR !== undefined && env.NO_COLOR !== '') return new Chalk({ level: 0 });
  return chalkStderr;
}

/**
 * The interactive display: ora spinners for phases with no block count, and a cli-progress
 * multi-bar (the whole disc, then one row per track) while staging and recording. With more
 * tracks than the terminal has rows, the rows show a window around the current track.
 */
export class TtyRenderer implements Renderer {
  private readonly progress = new DiscProgress();
  private readonly chalk: ChalkInstance;
  private spinner?: Ora;
  private bars?: { multi: cliProgress.MultiBar; disc: cliProgress.SingleBar; rows: cliProgress.SingleBar[]; phase: Phase };

  constructor(
    private readonly options: RenderOptions,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {
    this.chalk = stderrChalk();
  }

  onEvent(event: BurnEvent): void {
    const p = this.progress;
    p.apply(event);
    if (this.options.quiet) return;
    switch (event.type) {
      case 'probe':
        this.spin(`Reading tracks ${event.index + 1}/${event.total}  ${this.chalk.dim(plainText(event.path))}`);
        break;
      case 'plan':
        this.persist(this.chalk.green('✔'), `Disc: ${discSummary(event.layout)}`);
        break;
      case 'warning':
        this.print(`${this.chalk.yellow('⚠ warning:')} ${plainText(event.message)}`);
        break;
      case 'addProgress':
      case 'blockProgress':
      case 'trackProgress':
        this.drawBars();
        break;
      case 'preparingBurn':
        this.stopBars();
        this.spin(`Preparing to record${event.estimatedSeconds > 0 ? ` (about ${event.estimatedSeconds} s)` : ''}`);
        break;
      case 'closingDisc':
        this.stopBars();
        this.spin(`Closing the disc${event.estimatedSeconds > 0 ? ` (about ${event.estimatedSeconds} s)` : ''}`);
        break;
      case 'done':
        this.stopBars();
        this.persist(this.chalk.green('✔'), doneMessage(event));
        break;
      case 'recorder':
        this.print(`${this.chalk.green('✔')} ${recorderLine(event)}`);
        break;
      case 'erasing':
        this.spin(erasingLine(event));
        break;
      case 'eraseComplete':
        if (event.status === 0) this.persist(this.chalk.green('✔'), 'Erase complete');
        break;
      default:
        break;
    }
  }

  fail(message: string): void {
    this.stopBars();
    this.stopSpinner();
    this.out.write(`${this.chalk.red('✖')} ${plainText(message)}\n`);
  }

  close(): void {
    this.stopBars();
    this.stopSpinner();
  }

  private spin(text: string): void {
    if (this.spinner) {
      this.spinner.text = text;
      return;
    }
    this.spinner = ora({ text, stream: this.out, discardStdin: false, color: 'cyan' }).start();
  }

  private persist(symbol: string, text: string): void {
    this.stopSpinner();
    this.print(`${symbol} ${text}`);
  }

  private stopSpinner(): void {
    this.spinner?.stop();
    this.spinner = undefined;
  }

  /** Prints a line above whatever is animating. */
  private print(line: string): void {
    if (this.bars) {
      this.bars.multi.log(line + '\n');
    } else if (this.spinner) {
      this.spinner.clear();
      this.out.write(line + '\n');
      this.spinner.render();
    } else {
      this.out.write(line + '\n');
    }
  }

  private drawBars(): void {
    const p = this.progress;
    if (!p.layout) return;
    if (this.bars && this.bars.phase !== p.phase) this.stopBars();
    const bars = this.bars ?? this.startBars();
    const { done, total } = p.discDone();
    const current = p.currentTrack();
    const verb = p.phase === 'staging' ? 'Staging' : 'Recording';
    bars.disc.setTotal(total);
    bars.disc.update(done, {
      label: this.chalk.bold(`${verb} track ${Math.min(current + 1, p.tracks.length)} of ${p.tracks.length}`.padEnd(LABEL_WIDTH)),
      time: `${formatDuration(done)} / ${formatDuration(total)}`,
    });
    const first = windowStart(current, p.tracks.length, bars.rows.length);
    bars.rows.forEach((row, slot) => this.drawTrackRow(row, first + slot, current));
  }

  private drawTrackRow(row: cliProgress.SingleBar, index: number, current: number): void {
    const p = this.progress;
    const track = p.tracks[index];
    if (!track) return;
    const done = p.trackDone(index);
    const finished = done >= track.sectors;
    const marker = finished ? this.chalk.green('✔') : index === current ? this.chalk.cyan('▶') : ' ';
    row.setTotal(track.sectors);
    row.update(done, {
      label: `${marker} ${String(track.number).padStart(2, '0')} ${fit(trackLabel(track), TITLE_WIDTH)}`,
      time: formatDuration(track.sectors),
    });
  }

  private startBars(): NonNullable<TtyRenderer['bars']> {
    this.stopSpinner();
    const p = this.progress;
    const multi = new cliProgress.MultiBar(
      {
        stream: this.out,
        format: ' {label} {bar} {percentage}% {time}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        barsize: 24,
        hideCursor: true,
        // Staging bars make way for the recording bars; the recording bars stay as the summary.
        clearOnComplete: p.phase === 'staging',
        stopOnComplete: false,
        autopadding: true,
        fps: 12,
      },
      cliProgress.Presets.shades_classic,
    );
    const disc = multi.create(1, 0, { label: '', time: '' });
    const rowsAvailable = Math.max(1, (this.out.rows || 24) - RESERVED_ROWS);
    const rows = Array.from({ length: Math.min(p.tracks.length, rowsAvailable) }, () =>
      multi.create(1, 0, { label: '', time: '' }),
    );
    this.bars = { multi, disc, rows, phase: p.phase };
    return this.bars;
  }

  private stopBars(): void {
    const bars = this.bars;
    if (!bars) return;
    bars.multi.stop();
    this.bars = undefined;
    const layout = this.progress.layout;
    if (bars.phase === 'staging' && layout && this.progress.phase !== 'staging') {
      this.print(`${this.chalk.green('✔')} Staged ${layout.tracks.length} track${layout.tracks.length === 1 ? '' : 's'}`);
    }
  }
}

/** First track shown when `slots` rows show `count` tracks around `current`. */
export function windowStart(current: number, count: number, slots: number): number {
  if (count <= slots) return 0;
  return Math.min(Math.max(0, current - Math.floor(slots / 2)), count - slots);
}

function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text.padEnd(width) : chars.slice(0, width - 1).join('') + '…';
}
