import type { BurnEvent } from '../../events.js';
import type { Renderer } from './renderer.js';

/**
 * `--json`: one JSON object per line on stdout, each with a `type`. JSON.stringify escapes
 * control characters and quotes, so text from tags cannot forge lines or fields.
 */
export class JsonRenderer implements Renderer {
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  onEvent(event: BurnEvent): void {
    this.write(event);
  }

  fail(message: string, exitCode: number): void {
    this.write({ type: 'error', code: exitCode, message });
  }

  close(): void {}

  private write(record: object): void {
    this.out.write(JSON.stringify(record) + '\n');
  }
}
