import type { BurnEvent, EventListener } from '../../events.js';
import type { DiscLayout } from '../../disc/layout.js';
import { plainText } from '../../disc/text.js';
import { DiscProgress } from './disc-progress.js';
import { batchLine, discLine, discSummary, doneLines, waitingLine, erasingLine, phaseVerb, plural, recorderLine, STOPPING, timingText, trackLabel, verifiedLines } from './labels.js';
import type { RenderOptions, Renderer, RenderTarget } from './renderer.js';
import { shownText, symbolsFor, type Symbols } from './symbols.js';

/**
 * For logs and pipes: one plain line per meaningful step, no cursor movement, no colour. Each
 * track's line carries the speed and timing facts the terminal display shows on its disc bar.
 */
export class PlainRenderer implements Renderer {
  private readonly progress: DiscProgress;
  private readonly target: RenderTarget;
  private readonly symbols: Symbols;
  /** The track each phase last named. */
  private readonly named = { staging: -1, verifying: -1 };
  private lastTenth = -1;
  private warnings = 0;
  /** Ctrl-C has stopped the run (a batch says "stopped", not "done"). */
  private stopped = false;

  constructor(
    private readonly options: RenderOptions,
    private readonly out: NodeJS.WritableStream = process.stderr,
    now?: () => number,
  ) {
    this.progress = new DiscProgress(now);
    this.target = options.target ?? 'disc';
    this.symbols = symbolsFor(options.unicode ?? true);
  }

  forCopy(recorder: number | null, copy: number, label: string, layout: DiscLayout): EventListener {
    const prefix = recorder === null ? `${label}: ` : `recorder ${recorder}: `;
    const copyRenderer = new PlainRenderer({ ...this.options, prefix }, this.out, this.progress.now);
    copyRenderer.progress.layout = layout;
    copyRenderer.info(`copy ${copy}`);
    return (event) => copyRenderer.onEvent(event);
  }

  onEvent(event: BurnEvent): void {
    const p = this.progress;
    const before = p.phase;
    p.apply(event);
    if (before === 'staging' && p.phase !== 'staging' && this.target === 'disc') this.info(`Staged ${plural(p.tracks.length, 'track')}, ${timingText(p.staging.average())}`);
    switch (event.type) {
      case 'probe':
        if (this.options.verbose) this.info(`Reading ${plainText(event.path)} (${event.index + 1} of ${event.total})`);
        break;
      case 'plan':
        this.info(`Disc: ${discSummary(event.layout)}`);
        break;
      case 'warning':
        this.warnings += 1;
        this.line(`warning: ${plainText(event.message)}`);
        break;
      case 'addProgress':
        this.trackLine('staging');
        break;
      case 'verifyProgress':
        this.trackLine('verifying');
        break;
      case 'verified':
        for (const [i, text] of verifiedLines(event).entries()) this.info(i === 0 ? text : `  ${text}`);
        if (this.warnings > 0) this.line(`  ${plural(this.warnings, 'warning')} (above)`);
        break;
      case 'preparingBurn':
        if (this.target === 'disc') this.info('Preparing to record');
        break;
      case 'blockProgress': {
        const tenth = Math.floor(p.fraction() * 10);
        if (tenth !== this.lastTenth && this.options.verbose && this.target === 'disc') this.info(`Recorded ${tenth * 10}% (${event.completed} of ${event.total} blocks)${this.timing()}`);
        this.lastTenth = tenth;
        break;
      }
      case 'trackProgress': {
        if (this.target === 'image') break;
        if (event.completed > 0) this.info(`Track ${event.completed} of ${event.total} written${this.timing()}`);
        const next = p.tracks[event.completed];
        if (event.completed < event.total && next) this.info(`Recording track ${next.number} of ${event.total}: ${trackLabel(next)}`);
        break;
      }
      case 'closingDisc':
        if (this.target === 'disc') this.info('Closing the disc');
        break;
      case 'done':
        for (const [i, text] of doneLines(event, p, this.target).entries()) this.info(i === 0 ? text : `  ${text}`);
        if (this.warnings > 0) this.line(`  ${plural(this.warnings, 'warning')} (above)`);
        break;
      case 'recorder':
        this.info(recorderLine(event, this.options.prefix === undefined));
        break;
      case 'erasing':
        this.info(erasingLine(event));
        break;
      case 'eraseComplete':
        if (event.status === 0) this.info('Erase complete');
        break;
      case 'stopping':
        this.stopped = true;
        this.line(STOPPING);
        break;
      case 'waiting':
        this.info(waitingLine(event));
        break;
      case 'disc':
        if (event.status === 'ok') this.info(discLine(event));
        else this.line(discLine(event));
        break;
      case 'batch':
        this.line(batchLine(event, this.stopped));
        break;
      case 'pnpActivity':
        if (this.options.verbose) this.info('The list of recorders changed');
        break;
      default:
        break;
    }
  }

  fail(message: string): void {
    this.line(`burn-audio: ${plainText(message)}`);
  }

  close(): void {}

  /** A line each time the phase reaches another track: `Staging track 2 of 3: Title (timing)`. */
  private trackLine(phase: 'staging' | 'verifying'): void {
    const p = this.progress;
    const current = p.currentTrack();
    const track = p.tracks[current];
    if (current === this.named[phase] || !track) return;
    this.named[phase] = current;
    this.info(`${phaseVerb(phase, this.target)} track ${track.number} of ${p.tracks.length}: ${trackLabel(track)}${this.timing()}`);
  }

  /** ` (48.0× (8.5 MB/s), 0:12 elapsed, 0:40 left)` for the phase moving blocks now. */
  private timing(): string {
    const timing = this.progress.timing();
    return timing ? ` (${timingText(timing)})` : '';
  }

  private info(text: string): void {
    if (!this.options.quiet) this.line(text);
  }

  private line(text: string): void {
    this.out.write(shownText((this.options.prefix ?? '') + text, this.symbols) + '\n');
  }
}
