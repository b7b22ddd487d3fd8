import type { BurnEvent, EventListener } from '../../events.js';
import type { DiscLayout } from '../../disc/layout.js';

/** Turns the event stream into output. One renderer runs per command. */
export interface Renderer {
  onEvent(event: BurnEvent): void;
  /** Reports the error that ends the run, with the exit code it ends with. */
  fail(message: string, exitCode: number): void;
  /** Stops any animation and leaves the terminal clean. */
  close(): void;
  /**
   * A batch: the events of one copy on one recorder (null: an image), shown as that recorder's
   * (its own bars, lines or records naming it), with progress of their own.
   */
  forCopy?(recorder: number | null, copy: number, label: string, layout: DiscLayout): EventListener;
}

/** What a burn goes to: a disc through a recorder, or a BIN/CUE image. */
export type RenderTarget = 'disc' | 'image';

export interface RenderOptions {
  quiet: boolean;
  verbose: boolean;
  /** Default: a disc. */
  target?: RenderTarget;
  /** Put before every line (a batch's `recorder 1: `). */
  prefix?: string;
  /** false: the terminal cannot show Unicode, every symbol is shown by its ASCII twin (symbols.ts). Default: true. */
  unicode?: boolean;
}
