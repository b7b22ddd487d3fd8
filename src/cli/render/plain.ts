import type { BurnEvent } from '../../events.js';
import { plainText } from '../../disc/text.js';
import { DiscProgress } from './disc-progress.js';
import { discSummary, doneMessage, erasingLine, recorderLine, trackLabel } from './labels.js';
import type { RenderOptions, Renderer } from './renderer.js';

/** For logs and pipes: one plain line per meaningful step, no cursor movement, no colour. */
export class PlainRenderer implements Renderer {
  private readonly progress = new DiscProgress();
  private stagingTrack = -1;
  private lastTenth = -1;

  constructor(
    private readonly options: RenderOptions,
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {}

  onEvent(event: BurnEvent): void {
    const p = this.progress;
    p.apply(event);
    switch (event.type) {
      case 'probe':
        if (this.options.verbose) this.info(`Reading ${plainText(event.path)} (${event.index + 1} of ${event.total})`);
        break;
      case 'plan':
        this.info(`Disc: ${discSummary(event.layout)}`);
        break;
      case 'warning':
        this.line(`warning: ${plainText(event.message)}`);
        break;
      case 'addProgress': {
        const current = p.currentTrack();
        const track = p.tracks[current];
        if (current !== this.stagingTrack && track) {
          this.stagingTrack = current;
          this.info(`Staging track ${track.number} of ${p.tracks.length}: ${trackLabel(track)}`);
        }
        break;
      }
      case 'preparingBurn':
        this.info('Preparing to record');
        break;
      case 'blockProgress': {
        const tenth = Math.floor((event.completed / Math.max(1, event.total)) * 10);
        if (tenth !== this.lastTenth && this.options.verbose) this.info(`Recorded ${tenth * 10}% (${event.completed} of ${event.total} blocks)`);
        this.lastTenth = tenth;
        break;
      }
      case 'trackProgress': {
        if (event.completed > 0) this.info(`Track ${event.completed} of ${event.total} written`);
        const next = p.tracks[event.completed];
        if (event.completed < event.total && next) this.info(`Recording track ${next.number} of ${event.total}: ${trackLabel(next)}`);
        break;
      }
      case 'closingDisc':
        this.info('Closing the disc');
        break;
      case 'done':
        this.info(doneMessage(event));
        break;
      case 'recorder':
        this.info(recorderLine(event));
        break;
      case 'erasing':
        this.info(erasingLine(event));
        break;
      case 'eraseComplete':
        if (event.status === 0) this.info('Erase complete');
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

  private info(text: string): void {
    if (!this.options.quiet) this.line(text);
  }

  private line(text: string): void {
    this.out.write(text + '\n');
  }
}
