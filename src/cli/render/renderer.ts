import type { BurnEvent } from '../../events.js';

/** Turns the event stream into output. One renderer runs per command. */
export interface Renderer {
  onEvent(event: BurnEvent): void;
  /** Reports the error that ends the run, with the exit code it ends with. */
  fail(message: string, exitCode: number): void;
  /** Stops any animation and leaves the terminal clean. */
  close(): void;
}

/** What a burn goes to: a disc through a recorder, or a BIN/CUE image. */
export type RenderTarget = 'disc' | 'image';

export interface RenderOptions {
  quiet: boolean;
  verbose: boolean;
  /** Default: a disc. */
  target?: RenderTarget;
}
