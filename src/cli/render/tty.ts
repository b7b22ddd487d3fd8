import { Chalk, chalkStderr, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import { plainText } from '../../disc/text.js';
import { formatDuration } from '../../disc/red-book.js';
import type { BurnEvent, EventListener } from '../../events.js';
import type { DiscLayout, TrackLayout } from '../../disc/layout.js';
import { Block, type Frame, type Row } from './block.js';
import { DiscProgress } from './disc-progress.js';
import { batchLine, discLine, discSummary, doneLines, erasingLine, phaseVerb, plural, recorderLine, STOPPING, trackLabel, verifiedLines } from './labels.js';
import type { RenderOptions, Renderer, RenderTarget } from './renderer.js';
import { shownText, symbolsFor, type Symbols } from './symbols.js';
import { displayWidth, fitDisplay, padDisplay, truncateDisplay, wrapDisplay } from './text-width.js';
import { formatElapsed, formatRate, formatSpeed } from './throughput.js';

/** How often the display is redrawn while something moves (spinner, speed, elapsed time). */
const FRAME_MS = 100;
/** Rows of the screen the block leaves free (the block must never scroll itself out of view). */
const SPARE_ROWS = 2;
const BAR_MAX = 40;

/** Colour level for stderr: FORCE_COLOR wins, then NO_COLOR (https://no-color.org), then the terminal. */
export function stderrChalk(env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (env.FORCE_COLOR === undefined && env.NO_COLOR !== undefined && env.NO_COLOR !== '') return new Chalk({ level: 0 });
  return chalkStderr;
}

/** Column widths of the bar rows for a terminal `width` columns wide. */
export interface BarLayout {
  /** Columns of a track row's marker. */
  marker: number;
  /** Title columns in a track row (after the marker and the track number). */
  title: number;
  bar: number;
  /** Columns of the length at the end of each row; 0 when dropped. */
  length: number;
}

/**
 * Lays out the bar rows in `width` columns: the percentage always; the bar at least 8 columns;
 * the length column goes first when room is short; titles get the room that is left, up to
 * what the longest title needs. A marker wider than one column (ASCII's `[ok]`) takes its
 * room from the titles: the bars are as wide as with one.
 */
export function barLayout(width: number, titleNeed: number, lengthNeed: number, marker = 1): BarLayout {
  // ' ' + marker + ' ' + '01' + ' ' + title + ' ' + bar + ' ' + '100%' [+ ' ' + length]
  const fixed = 1 + 1 + 1 + 2 + 1 + 1 + 1 + 4;
  const length = width - fixed - lengthNeed - 1 >= 8 + 10 ? lengthNeed : 0;
  const room = width - fixed - (length > 0 ? length + 1 : 0);
  const barMin = Math.min(20, Math.max(8, Math.floor(room * 0.3)));
  const bar = Math.max(1, Math.min(BAR_MAX, Math.max(barMin, room - titleNeed)));
  const title = Math.max(1, Math.min(titleNeed, room - bar - (marker - 1)));
  return { marker, title, bar, length };
}

/**
 * The interactive display. One block at the bottom of the terminal is redrawn whole on every
 * frame (a cli-progress multi-bar, see Block): a spinner for phases with no block count
 * (reading, preparing, closing, erasing), and while staging and recording the disc bar, a line
 * of speed and timing facts, and one row per track (a window around the current track when they
 * do not fit). Warnings and errors are printed above the block, wrapped to the width, and
 * repeated in the summary. The layout follows the terminal's width and is redone when it is
 * resized.
 */
export class TtyRenderer implements Renderer {
  private readonly progress: DiscProgress;
  private readonly chalk: ChalkInstance;
  private readonly symbols: Symbols;
  private readonly target: RenderTarget;
  private readonly block: Block;
  private readonly warnings: string[] = [];
  private spinner?: { ora: Ora; text: () => string };
  private bars = false;
  /** Every line printed above the block, to print again after a resize. */
  private readonly printed: string[] = [];
  private drawnTrack = -1;
  private readonly onResize = (): void => this.relayout();
  /** A batch: one group of bars per recorder (or image), in the order they started. */
  private readonly groups = new Map<string, CopyGroup>();
  private recapped = false;
  private stopped = false;

  constructor(
    private readonly options: RenderOptions,
    private readonly out: NodeJS.WriteStream = process.stderr,
    now?: () => number,
  ) {
    this.progress = new DiscProgress(now);
    this.chalk = stderrChalk();
    this.symbols = symbolsFor(options.unicode ?? true);
    this.target = options.target ?? 'disc';
    this.block = new Block(out, () => this.frame(), FRAME_MS);
    out.on('resize', this.onResize);
  }

  forCopy(recorder: number | null, copy: number, label: string, layout: DiscLayout): EventListener {
    const name = recorder === null ? label : `recorder ${recorder}`;
    const group: CopyGroup = { heading: `${recorder === null ? label : `Recorder ${recorder}`} ${this.symbols.separator} copy ${copy}`, progress: new DiscProgress(this.progress.now), bars: false };
    group.progress.layout = layout;
    this.groups.set(recorder === null ? 'image' : String(recorder), group);
    this.drawSoon();
    return (event) => {
      group.progress.apply(event);
      switch (event.type) {
        case 'warning':
          this.onEvent({ type: 'warning', message: `${name}: ${event.message}` });
          return;
        case 'waiting':
          // The heading names the copy: the status says what is awaited, in few columns.
          group.status = `waiting for ${event.media} (Ctrl-C stops)`;
          break;
        case 'addProgress':
        case 'blockProgress':
        case 'trackProgress':
          if (recorder === null && event.type !== 'addProgress') break;
          group.status = undefined;
          group.bars = true;
          break;
        case 'preparingBurn':
          group.bars = false;
          group.status = recorder === null ? undefined : 'Preparing to record';
          break;
        case 'closingDisc':
          group.bars = false;
          group.status = recorder === null ? undefined : 'Closing the disc';
          break;
        case 'verifyProgress':
          group.status = undefined;
          group.bars = true;
          break;
        case 'verified': {
          group.bars = false;
          const [head, ...rest] = verifiedLines(event);
          this.print([`${event.verified ? this.ok : this.failed} ${name}: ${head}`, ...rest.flatMap((line) => this.wrapped('  ', line))]);
          return;
        }
        default:
          break;
      }
      this.drawSoon();
    };
  }

  onEvent(event: BurnEvent): void {
    const p = this.progress;
    const before = p.phase;
    p.apply(event);
    if (event.type === 'disc') {
      const group = this.groups.get(event.recorder === null ? 'image' : String(event.recorder));
      if (group) Object.assign(group, { bars: false, status: undefined, heading: `${event.recorder === null ? 'Image' : `Recorder ${event.recorder}`}: copy ${event.copy} ${event.status === 'ok' ? 'done' : event.status}` });
      this.print([event.status === 'ok' ? `${this.ok} ${discLine(event)}` : `${this.failed} ${discLine(event)}`]);
      return;
    }
    if (event.type === 'batch') {
      this.groups.clear();
      this.print([`${event.failed === 0 ? this.ok : this.warning} ${batchLine(event, this.stopped)}`, ...this.warningRecap()]);
      return;
    }
    if (event.type === 'warning') {
      this.warnings.push(plainText(event.message));
      this.print(this.warningLines(plainText(event.message)));
      return;
    }
    if (event.type === 'stopping') {
      this.stopped = true;
      this.print([`${this.warning} ${STOPPING}`]);
      return;
    }
    if (this.options.quiet) return;
    if (before === 'staging' && p.phase !== 'staging') this.stagingDone();
    switch (event.type) {
      case 'probe':
        this.spin(() => `Reading tracks ${event.index + 1}/${event.total}  ${this.chalk.dim(plainText(event.path))}`);
        break;
      case 'plan':
        this.spinner = undefined;
        this.print([`${this.ok} Disc: ${discSummary(event.layout)}`]);
        break;
      case 'addProgress':
      case 'blockProgress':
      case 'trackProgress':
        // An image is complete once written: its "recording" is a formality not worth bars.
        if (this.target === 'image' && event.type !== 'addProgress') break;
        this.spinner = undefined;
        this.bars = true;
        this.drawSoon();
        break;
      case 'verifyProgress':
        this.spinner = undefined;
        this.bars = true;
        this.drawSoon();
        break;
      case 'verified': {
        this.bars = false;
        this.spinner = undefined;
        const [head, ...rest] = verifiedLines(event);
        const mark = event.verified ? this.ok : this.failed;
        this.print([`${mark} ${head}`, ...rest.flatMap((line) => this.wrapped('  ', line)), ...this.warningRecap()]);
        break;
      }
      case 'preparingBurn':
        this.bars = false;
        if (this.target === 'disc') this.spin(() => `Preparing to record${event.estimatedSeconds > 0 ? ` (about ${event.estimatedSeconds} s)` : ''}`);
        break;
      case 'closingDisc':
        this.bars = false;
        if (this.target === 'disc') this.spin(() => `Closing the disc${event.estimatedSeconds > 0 ? ` (about ${event.estimatedSeconds} s)` : ''}`);
        break;
      case 'done':
        this.bars = false;
        this.spinner = undefined;
        this.print([...this.resultLines(event), ...this.warningRecap()]);
        break;
      case 'recorder':
        this.print([`${this.ok} ${recorderLine(event)}`]);
        break;
      case 'erasing':
        this.spin(() => `${erasingLine(event)}  ${formatElapsed(p.elapsedSeconds())}`);
        break;
      case 'eraseComplete':
        this.spinner = undefined;
        this.draw();
        break;
      default:
        break;
    }
  }

  fail(message: string): void {
    this.groups.clear();
    this.bars = false;
    this.spinner = undefined;
    this.print([`${this.failed} ${plainText(message)}`, ...this.warningRecap()]);
  }

  close(): void {
    this.groups.clear();
    this.bars = false;
    this.spinner = undefined;
    this.draw();
    this.out.off('resize', this.onResize);
  }

  private get width(): number {
    // One column spare: a line that fills the last column leaves some terminals waiting to wrap.
    return Math.max(20, (this.out.columns || 80) - 1);
  }

  private spin(text: () => string): void {
    this.spinner = { ora: ora({ text: '', stream: this.out, color: false }), text };
    this.draw();
  }

  private get ok(): string {
    return this.chalk.green(this.symbols.ok);
  }

  private get failed(): string {
    return this.chalk.red(this.symbols.failed);
  }

  private get warning(): string {
    return this.chalk.yellow(this.symbols.warning);
  }

  /** Text as this terminal can show it (the ASCII twins of symbols where it cannot show Unicode). */
  private shown(text: string): string {
    return shownText(text, this.symbols);
  }

  /** Prints lines above the block (wrapped to the width), the block drawn as it is now under them. */
  private print(lines: string[]): void {
    const shown = lines.map((line) => this.shown(line));
    this.printed.push(...shown);
    this.draw(this.fit(shown));
  }

  /**
   * Draws now when the track or the rows changed; otherwise the next frame shows the state as
   * it is then (events can come thousands of times a second).
   */
  private drawSoon(): void {
    if (this.progress.currentTrack() !== this.drawnTrack || this.frame().length !== this.block.size) this.draw();
  }

  private draw(above: string[] = []): void {
    this.drawnTrack = this.progress.currentTrack();
    this.block.show(above);
  }

  /** Lines wrapped to the width at word boundaries, later parts indented. */
  private fit(lines: string[]): string[] {
    return lines.flatMap((line) => (displayWidth(line) <= this.width ? [line] : wrapDisplay(line, this.width - 2).map((l, i) => (i === 0 ? l : `  ${l}`))));
  }

  /** The block as it is now: a spinner, the bars, or nothing. */
  private frame(): Frame {
    const rows: Frame = [];
    const spinner = this.spinner;
    if (spinner) rows.push(() => ({ text: truncateDisplay(`${this.chalk.cyan(spinner.ora.frame().trim())} ${this.shown(spinner.text())}`, this.width, this.symbols.ellipsis) }));
    if (this.bars && this.progress.layout) rows.push(...this.barRows(rows.length));
    const screenRows = this.out.rows || 24;
    // Each group gets an even share of the rows for its track bars.
    const share = Math.floor((screenRows - rows.length - SPARE_ROWS) / Math.max(1, this.groups.size));
    for (const group of this.groups.values()) {
      rows.push(() => ({ text: truncateDisplay(this.shown(this.groupHeading(group)), this.width, this.symbols.ellipsis) }));
      if (group.bars && group.progress.layout) rows.push(...this.barRows(0, group.progress, Math.max(3, share - 1) + SPARE_ROWS));
    }
    return rows;
  }

  private groupHeading(group: CopyGroup): string {
    if (group.status === undefined) return this.chalk.bold(group.heading);
    return `${this.chalk.cyan(this.groupSpinner().frame().trim())} ${this.chalk.bold(group.heading)}: ${group.status}`;
  }

  private spinnerForGroups?: Ora;

  private groupSpinner(): Ora {
    this.spinnerForGroups ??= ora({ text: '', stream: this.out, color: false });
    return this.spinnerForGroups;
  }

  /**
   * After a resize, terminals re-wrap what is on the screen each in their own way (xterm.js and
   * tmux reflow long rows, xterm cuts them), and frames drawn between the resize and the signal
   * that reports it are drawn for the old width: where the block now starts cannot be known.
   * So the screen is cleared and what this run printed is printed again, wrapped for the new
   * width (as much as fits above the block), then the block is drawn for the new width.
   */
  private relayout(): void {
    if (this.block.size === 0) return;
    const room = Math.max(0, (this.out.rows || 24) - this.frame().length - SPARE_ROWS);
    this.block.redraw(room > 0 ? this.fit(this.printed).slice(-room) : []);
  }

  /**
   * The rows of one disc: `p`'s (the run's own, or a batch group's), in `rows` rows at most: the
   * disc bar, the status line, and the tracks around the current one.
   */
  private barRows(above: number, p: DiscProgress = this.progress, rows = (this.out.rows || 24) - above): Frame {
    const tracks = p.tracks;
    const current = p.currentTrack();
    const slots = Math.max(1, Math.min(tracks.length, rows - 2 - SPARE_ROWS));
    const first = windowStart(current, tracks.length, slots);
    // The columns are worked out once a frame, by the first row drawn.
    let shared: DiscColumns | undefined;
    const columns = (): DiscColumns => (shared ??= this.discColumns(p, current));
    return [
      () => ({ value: p.fraction(), total: 1, draw: (progress) => this.barRow(columns().label, progress, p.layout!.totalSectors, columns().layout) }),
      () => ({ text: this.statusLine(this.width, p) }),
      ...tracks.slice(first, first + slots).map((track) => () => this.trackRow(track, p, current, columns().layout)),
    ];
  }

  /** The columns of a disc's rows, and its disc bar's label fitted to them. */
  private discColumns(p: DiscProgress, current: number): DiscColumns {
    const tracks = p.tracks;
    const lengthNeed = Math.max(...[p.layout!.totalSectors, ...tracks.map((t) => t.sectors)].map((s) => formatDuration(s).length));
    const verb = phaseVerb(p.phase, this.target);
    const fullLabel = `${verb} track ${Math.min(current + 1, tracks.length)} of ${tracks.length}`;
    // The title column holds the longest title, and the disc bar's label above it.
    const labelNeed = `${verb} track ${tracks.length} of ${tracks.length}`.length - 5;
    const titleNeed = Math.min(120, Math.max(labelNeed, ...tracks.map((t) => displayWidth(this.title(t)))));
    const layout = barLayout(this.width, titleNeed, lengthNeed, displayWidth(this.symbols.done));
    // The label stands over the marker, the track number and the title.
    const labelWidth = layout.marker + 4 + layout.title;
    const label = displayWidth(fullLabel) <= labelWidth ? fullLabel : `${verb} ${Math.min(current + 1, tracks.length)}/${tracks.length}`;
    return { layout, label: this.chalk.bold(fitDisplay(label, labelWidth, this.symbols.ellipsis)) };
  }

  /** A track's row: a tick once written, an arrow on the current track. */
  private trackRow(track: TrackLayout, p: DiscProgress, current: number, layout: BarLayout): Row {
    const c = this.chalk;
    const index = track.number - 1;
    const done = p.trackDone(index);
    const marker = done >= track.sectors ? c.green(this.symbols.done) : index === current ? c.cyan(this.symbols.current) : '';
    const title = `${padDisplay(marker, layout.marker)} ${String(track.number).padStart(2, '0')} ${fitDisplay(this.title(track), layout.title, this.symbols.ellipsis)}`;
    return { value: done, total: track.sectors, draw: (progress) => this.barRow(title, progress, track.sectors, layout) };
  }

  private barRow(label: string, fraction: number, sectors: number, layout: BarLayout): string {
    const filled = Math.round(fraction * layout.bar);
    const bar = this.chalk.cyan(this.symbols.filled.repeat(filled)) + this.chalk.dim(this.symbols.empty.repeat(layout.bar - filled));
    const percent = padDisplay(`${Math.floor(fraction * 100)}%`, 4, 'right');
    const length = layout.length > 0 ? ` ${padDisplay(formatDuration(sectors), layout.length, 'right')}` : '';
    return ` ${label} ${bar} ${percent}${length}`;
  }

  /**
   * Speed, position, elapsed time and time left, as many as fit: the MB/s go first, then the
   * position, then the elapsed time; the time left stays.
   */
  private statusLine(width: number, p: DiscProgress): string {
    const timing = p.timing();
    const { done, total, unit } = p.discDone();
    const parts = {
      position: `${formatDuration(done)} of ${formatDuration(total)} ${unit === 'audio' ? 'audio' : ''}`.trimEnd(),
      speed: timing?.speed === undefined ? '' : this.shown(formatSpeed(timing.speed)),
      rate: timing?.bytesPerSecond === undefined ? '' : formatRate(timing.bytesPerSecond),
      elapsed: timing ? `${formatElapsed(timing.elapsedSeconds)} elapsed` : '',
      left: timing?.secondsLeft === undefined ? 'measuring speed' : `${formatElapsed(timing.secondsLeft)} left`,
    };
    const order: Array<keyof typeof parts> = ['position', 'speed', 'rate', 'elapsed', 'left'];
    for (const drop of [[], ['rate'], ['rate', 'position'], ['rate', 'position', 'elapsed'], ['rate', 'position', 'elapsed', 'speed']]) {
      const line = `   ${order.filter((key) => !drop.includes(key) && parts[key] !== '').map((key) => parts[key]).join(` ${this.symbols.separator} `)}`;
      if (displayWidth(line) <= width) return this.chalk.dim(line);
    }
    return this.chalk.dim(truncateDisplay(`   ${parts.left}`, width, this.symbols.ellipsis));
  }

  /** Once staging is over: a line that says so, with how long it took (a disc only; an image is written then). */
  private stagingDone(): void {
    this.bars = false;
    if (this.target !== 'disc') return;
    const average = this.progress.staging.average();
    const speed = average.speed === undefined ? '' : ` at ${formatSpeed(average.speed)}`;
    this.print([`${this.ok} Staged ${plural(this.progress.tracks.length, 'track')} in ${formatElapsed(average.elapsedSeconds)}${speed}`]);
  }

  /** The result, the summary line, and every track (in columns when they do not fit the terminal). */
  private resultLines(event: Extract<BurnEvent, { type: 'done' }>): string[] {
    const [head, ...rest] = doneLines(event, this.progress, this.target);
    const lines = [`${this.ok} ${head}`, ...rest.flatMap((line) => this.wrapped('  ', line))];
    if (event.action === 'erase' || event.action === 'eject' || !this.progress.layout) return lines;
    return [...lines, ...this.trackSummary()];
  }

  private trackSummary(): string[] {
    const tracks = this.progress.tracks;
    const width = this.width - 2;
    const lengthWidth = Math.max(...tracks.map((t) => formatDuration(t.audioSectors).length));
    const titleNeed = Math.max(...tracks.map((t) => displayWidth(this.title(t))));
    const room = Math.max(4, (this.out.rows || 24) - 8);
    let columns = Math.max(1, Math.ceil(tracks.length / room));
    // Each cell: '01 ' + title + ' ' + length, three spaces between cells; titles at least 8 columns.
    columns = Math.max(1, Math.min(columns, Math.floor((width + 3) / (3 + 8 + 1 + lengthWidth + 3))));
    const cell = Math.floor((width + 3) / columns) - 3;
    const title = Math.max(1, Math.min(titleNeed, cell - 4 - lengthWidth));
    const cells = tracks.map(
      (t) => `${String(t.number).padStart(2, '0')} ${fitDisplay(this.title(t), title, this.symbols.ellipsis)} ${padDisplay(formatDuration(t.audioSectors), lengthWidth, 'right')}`,
    );
    const rowCount = Math.ceil(cells.length / columns);
    return Array.from({ length: rowCount }, (_, row) => {
      const rowCells = Array.from({ length: columns }, (_, col) => cells[col * rowCount + row]).filter((x) => x !== undefined);
      return `  ${rowCells.join('   ')}`;
    });
  }

  /** One line; print() wraps it to the width (again after a resize). */
  private warningLines(message: string): string[] {
    return [`${this.warning} warning: ${message}`];
  }

  /** The warnings again at the end, with their count, so none is missed; once (a batch's summary, then its error). */
  private warningRecap(): string[] {
    if (this.warnings.length === 0 || this.recapped) return [];
    this.recapped = true;
    return [this.chalk.yellow(`${this.symbols.warning} ${plural(this.warnings.length, 'warning')}:`), ...this.warnings.flatMap((w) => this.wrapped('  - ', w))];
  }

  /** A track's label as this terminal shows it. */
  private title(track: TrackLayout): string {
    return this.shown(trackLabel(track));
  }

  /** `text` after `prefix`, wrapped to the width at word boundaries, later lines indented under the text. */
  private wrapped(prefix: string, text: string): string[] {
    const indent = displayWidth(prefix);
    return wrapDisplay(this.shown(text), this.width - indent).map((line, i) => (i === 0 ? prefix : ' '.repeat(indent)) + line);
  }
}

/** The columns of one disc's rows in a frame, and its disc bar's label. */
interface DiscColumns {
  layout: BarLayout;
  label: string;
}

/** A batch's copy in progress on one recorder: its heading, what it waits for, its own progress. */
interface CopyGroup {
  heading: string;
  /** What it is doing when it has no bars (waiting for a disc, preparing, closing). */
  status?: string;
  progress: DiscProgress;
  bars: boolean;
}

/** First track shown when `slots` rows show `count` tracks around `current`. */
export function windowStart(current: number, count: number, slots: number): number {
  if (count <= slots) return 0;
  return Math.min(Math.max(0, current - Math.floor(slots / 2)), count - slots);
}
