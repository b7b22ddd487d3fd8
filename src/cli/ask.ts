import { createInterface } from 'node:readline/promises';

/** Whether a person is there to answer: standard input and the display are both a terminal. */
export function canAsk(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/**
 * Asks a yes/no question on the terminal; only `y` or `yes` is a yes. The question is wrapped at
 * word boundaries to the terminal's width, so `[y/N]` is never cut by the terminal's own wrapping.
 */
export async function askOnTerminal(question: string): Promise<boolean> {
  // Two columns spare on each line: the space after `[y/N]`, and the cursor where the answer goes.
  // string-width is loaded only when a question is asked: it takes a while to load.
  const { wrapDisplay } = await import('./render/text-width.js');
  const lines = wrapDisplay(`${question} [y/N]`, (process.stderr.columns || 80) - 2);
  // readline keeps the cursor on its prompt's one line: the lines above it are written first.
  if (lines.length > 1) process.stderr.write(`${lines.slice(0, -1).join('\n')}\n`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${lines.at(-1)} `)).trim());
  } finally {
    prompt.close();
  }
}
