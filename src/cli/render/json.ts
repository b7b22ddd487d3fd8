import type { BurnEvent, EventListener } from '../../events.js';
import type { DiscLayout } from '../../disc/layout.js';
import { DiscProgress } from './disc-progress.js';
import type { Renderer } from './renderer.js';
import type { Timing } from './throughput.js';

/**
 * `--json`: one JSON object per line on stdout, each with a `type`. JSON.stringify escapes
 * control characters and quotes, so text from tags cannot forge lines or fields. Progress
 * records carry the same timing facts as the other renderers: `elapsedSeconds`, `speed` (×),
 * `bytesPerSecond` and `secondsLeft` (null until the speed is known); `done` carries the run's
 * `elapsedSeconds`, the average `speed` and `bytesPerSecond` of the phase that did the work,
 * and the number of `warnings`.
 */
export class JsonRenderer implements Renderer {
  private readonly progress: DiscProgress;
  private warnings = 0;

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    now?: () => number,
    private readonly target: 'disc' | 'image' = 'disc',
    /** Fields every record carries (a batch's `recorder` and `copy`). */
    private readonly extra: object = {},
  ) {
    this.progress = new DiscProgress(now);
  }

  forCopy(recorder: number | null, copy: number, _label: string, layout: DiscLayout): EventListener {
    const copyRenderer = new JsonRenderer(this.out, this.progress.now, this.target, { recorder, copy });
    copyRenderer.progress.layout = layout;
    return (event) => copyRenderer.onEvent(event);
  }

  onEvent(event: BurnEvent): void {
    const p = this.progress;
    p.apply(event);
    if (event.type === 'warning') this.warnings += 1;
    if (event.type === 'addProgress' || event.type === 'blockProgress' || event.type === 'verifyProgress') {
      this.write({ ...event, ...timingFields(p.timing() ?? { elapsedSeconds: 0 }) });
    } else if (event.type === 'done') {
      const work = this.target === 'image' ? p.staging.average() : p.recording.average();
      const average = event.action === 'erase' || event.action === 'eject' ? {} : { speed: round(work.speed), bytesPerSecond: work.bytesPerSecond ?? null };
      this.write({ ...event, elapsedSeconds: round(p.elapsedSeconds()), ...average, warnings: this.warnings });
    } else {
      this.write(event);
    }
  }

  fail(message: string, exitCode: number): void {
    this.write({ type: 'error', code: exitCode, message });
  }

  close(): void {}

  private write(record: object): void {
    this.out.write(JSON.stringify({ ...record, ...this.extra }) + '\n');
  }
}

function timingFields(timing: Timing): object {
  return {
    elapsedSeconds: round(timing.elapsedSeconds),
    speed: round(timing.speed),
    bytesPerSecond: timing.bytesPerSecond ?? null,
    secondsLeft: round(timing.secondsLeft),
  };
}

function round(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 1000) / 1000;
}
