/** The questions a job asks before it spends or destroys a disc, worded and asked on the terminal. */
import { formatDuration } from '../disc/red-book.js';
import { plainText } from '../disc/text.js';
import type { Confirmation } from '../jobs/request.js';
import { askOnTerminal, canAsk } from './ask.js';

/** Who answers a job's questions: the person at the terminal, unless --yes or --json says nobody asks. */
export function confirmer(options: { yes?: boolean; json: boolean }): ((question: Confirmation) => Promise<boolean>) | undefined {
  return options.yes || options.json || !canAsk() ? undefined : (question) => askOnTerminal(wording(question));
}

function wording(question: Confirmation): string {
  if (question.kind === 'erase') return `Erase ${question.full ? 'all of ' : ''}the disc in ${plainText(question.recorder)}? What it holds is lost.`;
  const tracks = `${question.layout.tracks.length} track${question.layout.tracks.length === 1 ? '' : 's'}`;
  if (question.kind === 'batch') return `Record ${question.copies} disc${question.copies === 1 ? '' : 's'} of ${tracks} on ${question.recorders.join(', ')}?`;
  const kind = question.rewritable ? 'CD-RW' : 'CD-R (write-once)';
  return `Record ${tracks} (${formatDuration(question.layout.totalSectors)}) on the blank ${kind} in ${plainText(question.recorder)}?`;
}
