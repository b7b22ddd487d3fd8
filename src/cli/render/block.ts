import { Writable } from 'node:stream';
import cliProgress from 'cli-progress';

/** Synchronized output (DEC mode 2026): a terminal shows what comes between these at once. */
const SYNC_BEGIN = '\u001b[?2026h';
const SYNC_END = '\u001b[?2026l';
/** The cursor to the top left, then the whole screen erased. */
const CLEAR_SCREEN = '\u001b[H\u001b[2J';

/** One row of the block: a line of text, or a bar that cli-progress fills from `value` of `total` and `draw` shows. */
export type Row = { text: string } | { value: number; total: number; draw: (progress: number) => string };

/** The rows of a frame, each worked out only when it is drawn (the count alone is cheap). */
export type Frame = Array<() => Row>;

/**
 * The block at the bottom of the terminal, drawn by a cli-progress MultiBar: one of its bars per
 * row, every row redrawn on every frame (`forceRedraw`) on cli-progress's own timer, each frame
 * asking `frame` what the rows show then. Lines printed above it go through the MultiBar's log,
 * each followed by an update so that it shows at once, on a line cli-progress has cleared.
 */
export class Block {
  private readonly writer: FrameWriter;
  private multi?: cliProgress.MultiBar;
  private bars: cliProgress.SingleBar[] = [];
  /** The rows worked out by `show`, for the updates it makes. */
  private rows?: Row[];

  constructor(
    out: NodeJS.WriteStream,
    private readonly frame: () => Frame,
    private readonly frameMs: number,
  ) {
    this.writer = new FrameWriter(out);
  }

  /** How many rows are on the screen. */
  get size(): number {
    return this.bars.length;
  }

  /**
   * Prints `above` (lines that fit the width) over the block, and draws its rows as they are
   * now. When the number of rows changed, the block is first cleared and started anew.
   */
  show(above: string[] = []): void {
    const frame = this.frame();
    if (frame.length !== this.bars.length) this.restart(frame.length);
    this.rows = frame.map((row) => row());
    const multi = this.multi;
    if (multi) {
      for (const line of above) {
        multi.log(`${line}\n`);
        multi.update();
      }
      if (above.length === 0) multi.update();
    } else if (above.length > 0) {
      this.writer.write(`${above.join('\n')}\n`);
    }
    this.rows = undefined;
    this.writer.flush();
  }

  /**
   * After a resize: clears the screen, prints `above` at its top and draws the block under it.
   * (Terminals re-wrap the old rows each in their own way, so where they now stand is unknown.)
   */
  redraw(above: string[]): void {
    this.restart(0);
    this.writer.write(CLEAR_SCREEN + above.map((line) => `${line}\n`).join(''));
    this.show();
  }

  /** Stops the MultiBar, which clears its rows, and starts one of `count` rows in their place. */
  private restart(count: number): void {
    this.multi?.stop();
    this.multi = undefined;
    this.bars = [];
    if (count === 0) return;
    const multi = new cliProgress.MultiBar({
      stream: this.writer,
      format: (_options, params, payload: { row: Row }) => ('text' in payload.row ? payload.row.text : payload.row.draw(params.progress)),
      fps: 1000 / this.frameMs,
      forceRedraw: true,
      clearOnComplete: true,
      hideCursor: true,
    });
    multi.on('update-pre', () => this.update());
    multi.on('update-post', () => this.writer.flush());
    this.multi = multi;
    this.bars = Array.from({ length: count }, () => multi.create(1, 0, { row: { text: '' } }));
  }

  /** Before each frame: the rows' values and contents as they are now. */
  private update(): void {
    const rows = this.rows ?? this.frame().map((row) => row());
    this.bars.forEach((bar, i) => {
      // The number of rows changes only through show(); a row the frame lost till then is blank.
      const row = rows[i] ?? { text: '' };
      if ('text' in row) return bar.update({ row });
      bar.setTotal(row.total);
      bar.update(row.value, { row });
    });
  }
}

/**
 * Gathers what cli-progress writes for a frame (a cursor move, a clear, a row: each a write of
 * its own) and hands it to the terminal in one write, as synchronized output, so that no frame
 * is seen half drawn.
 */
class FrameWriter extends Writable {
  readonly isTTY = true;
  private pending = '';

  constructor(private readonly out: NodeJS.WriteStream) {
    super({ decodeStrings: false });
  }

  get columns(): number {
    return this.out.columns;
  }

  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.pending += chunk;
    done();
  }

  flush(): void {
    if (this.pending === '') return;
    this.out.write(SYNC_BEGIN + this.pending + SYNC_END);
    this.pending = '';
  }
}
