/**
 * The program area a plan's disc holds, made by the session's own staging: each track's staged
 * blocks after the gap's silence a recorder writes before them (the image recorder's BIN, sector
 * for sector). What the verifier compares a disc with; there is no second way of making it.
 */
import { silentPieces } from '../audio/silence.js';
import type { DiscLayout } from '../disc/layout.js';
import { gapSilenceSectors, stagingStart } from '../disc/plan.js';
import { SECTOR_BYTES } from '../disc/red-book.js';
import type { ExpectedProgram } from '../verify/reader.js';
import { stageAgain, stageTracks, type StagedAudio, type StagingTarget } from './stage.js';
import type { ProbedTrack } from '../audio/probe.js';

/** The tracks' sources, or a batch's audio staged track by track. */
type ProgramAudio = readonly ProbedTrack[] | StagedAudio;

export function stagedProgram(layout: DiscLayout, audio: ProgramAudio): ExpectedProgram {
  return { layout, sectors: (lba) => programFrom(layout, audio, lba) };
}

/** The program area from `lba` on, staged from the start of the track whose staging holds it. */
async function* programFrom(layout: DiscLayout, audio: ProgramAudio, lba: number): AsyncGenerator<Buffer> {
  const first = Math.max(0, layout.tracks.findLastIndex((track) => stagingStart(track) <= lba));
  let at = stagingStart(layout.tracks[first]!);
  const staged = handedOver((put) => {
    const sink = new ProgramSink(layout, first, put);
    return 'trackBlocks' in audio ? stageAgain(sink, audio, undefined, first) : stageTracks(sink, layout, audio, {}, first);
  });
  for await (const piece of staged) {
    const skip = Math.min(piece.length, Math.max(0, (lba - at) * SECTOR_BYTES));
    at += piece.length / SECTOR_BYTES;
    if (skip < piece.length) yield piece.subarray(skip);
  }
}

/** Takes the staged tracks as a recorder would, handing on the gap's silence and then the blocks. */
class ProgramSink implements StagingTarget {
  constructor(
    private readonly layout: DiscLayout,
    private index: number,
    private readonly put: (piece: Buffer) => Promise<void>,
  ) {}

  async createTrack(): Promise<void> {
    const track = this.layout.tracks[this.index++]!;
    for (const piece of silentPieces(gapSilenceSectors(track))) await this.put(piece);
  }

  async addBlocks(data: Buffer): Promise<void> {
    await this.put(data);
  }

  async closeTrack(): Promise<void> {}
}

type Handed = { piece: Buffer; taken: (stop: boolean) => void } | { end: true } | { error: unknown };

/**
 * Runs a producer that hands pieces to `put`, as an async iterable. `put` resolves once the
 * consumer asks for the piece after, so the producer may use a piece's memory again then (the
 * decoders do); when the consumer stops early, `put` rejects and the producer ends.
 */
async function* handedOver(produce: (put: (piece: Buffer) => Promise<void>) => Promise<void>): AsyncGenerator<Buffer> {
  const queue: Handed[] = [];
  let wake: (() => void) | undefined;
  const hand = (item: Handed): void => {
    queue.push(item);
    wake?.();
  };
  const put = (piece: Buffer): Promise<void> => new Promise((resolve, reject) => hand({ piece, taken: (stop) => (stop ? reject(new Error('staging stopped')) : resolve()) }));
  const run = produce(put).then(
    () => hand({ end: true }),
    (error: unknown) => hand({ error }),
  );
  let current: Handed | undefined;
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      current = queue.shift()!;
      if ('end' in current) return;
      if ('error' in current) throw current.error;
      yield current.piece;
      current.taken(false);
      current = undefined;
    }
  } finally {
    if (current && 'taken' in current) current.taken(true);
    await run;
  }
}
