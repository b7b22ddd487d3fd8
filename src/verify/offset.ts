/**
 * The constant shift between the staged audio and the audio read (a drive's write and read
 * offsets together), measured, with no offset database: 2-sector windows of staged audio with
 * enough detail (anchors, in different tracks) are searched for on the disc within ±10 sectors,
 * and the windows found must agree on one shift (IMAPI2 reference §20, §22).
 */
import { throwIfAborted } from '../errors.js';
import { SAMPLE_RATE, SECTOR_BYTES, SECTOR_FRAMES, SECTORS_PER_SECOND } from '../disc/red-book.js';
import { stagingStart } from '../disc/plan.js';
import { frameWords } from './checksums.js';
import type { OffsetFinding } from './report.js';
import type { DiscFrames } from './sectors.js';
import type { ExpectedProgram } from './reader.js';

/** The search: ±10 sectors (5880 frames) covers drives' read offsets (within about ±2000) and write offsets. */
export const SEARCH_FRAMES = 10 * SECTOR_FRAMES;
/** The one wider search, a diagnostic: ±1 s. */
const WIDE_FRAMES = SAMPLE_RATE;
const ANCHOR_SECTORS = 2;
const ANCHOR_FRAMES = ANCHOR_SECTORS * SECTOR_FRAMES;
/** At most this many anchors, and at least this many when the disc has fewer tracks (several in a track then). */
const MAX_ANCHORS = 5;
const MIN_ANCHORS = 3;
/** Anchors in one track lie at least 1 s apart. */
const SPACING_SECTORS = SECTORS_PER_SECOND;
/** How far into a track an anchor is looked for: 30 s (staging a track from its start to find one costs reading that far). */
const SCAN_SECTORS = 30 * SECTORS_PER_SECOND;
/**
 * Distinct stereo frames a window needs: silence, digital near-silence and short periodic
 * tones (which match at several shifts) have fewer.
 */
const MIN_DISTINCT = 256;

interface Anchor {
  /** First frame of the window, in the program area. */
  at: number;
  /** The staged window, as 32-bit frames. */
  frames: Uint32Array;
}

/** Finds the shift, or says why it cannot be found. */
export async function findOffset(expected: ExpectedProgram, disc: DiscFrames, signal?: AbortSignal): Promise<OffsetFinding> {
  const discFrames = expected.layout.programSectors * SECTOR_FRAMES;
  const anchors = await pickAnchors(expected, discFrames, signal);
  if (anchors.length === 0) {
    return { samples: 0, anchors: 0, matched: 0, note: 'the staged audio has no passage with enough detail to align on; compared without a shift' };
  }
  const found: number[][] = [];
  for (const anchor of anchors) found.push(await searchAnchor(anchor, disc, discFrames, SEARCH_FRAMES));
  const matching = found.filter((shifts) => shifts.length > 0);
  if (matching.length === 0) return searchWider(anchors, disc, discFrames);
  const agreed = matching.reduce((common, shifts) => common.filter((shift) => shifts.includes(shift)));
  if (agreed.length === 0) {
    const shifts = matching.map((s) => s.map(signed).join('/')).join(', ');
    return { samples: null, anchors: anchors.length, matched: 0, note: `the anchors are found at different shifts (${shifts}): the disc reads inconsistently` };
  }
  const shift = closestToZero(agreed)!;
  const note = agreed.length > 1 ? `the audio repeats itself: it matches at ${agreed.length} shifts; the one closest to 0 is taken` : undefined;
  return { samples: shift, anchors: anchors.length, matched: matching.length, ...(note && { note }) };
}

/** No anchor within ±10 sectors: where a search of ±1 s finds them, for the report. */
async function searchWider(anchors: Anchor[], disc: DiscFrames, discFrames: number): Promise<OffsetFinding> {
  const wide: number[] = [];
  for (const anchor of anchors) wide.push(...(await searchAnchor(anchor, disc, discFrames, WIDE_FRAMES)));
  const beyond = closestToZero(wide);
  const note =
    beyond === undefined
      ? 'the staged audio is not on the disc within 1 s of where it belongs'
      : `the staged audio is on the disc ${signed(beyond)} samples away from where it belongs, more than drives' offsets explain (±${SEARCH_FRAMES})`;
  return { samples: null, anchors: anchors.length, matched: 0, beyond: beyond ?? null, note };
}

/**
 * Anchors in up to MAX_ANCHORS tracks spread over the disc, several in a track when there are
 * fewer than MIN_ANCHORS tracks; each window fully searchable within the disc.
 */
async function pickAnchors(expected: ExpectedProgram, discFrames: number, signal?: AbortSignal): Promise<Anchor[]> {
  const { tracks } = expected.layout;
  const chosen = tracks.length <= MAX_ANCHORS ? tracks.map((_, i) => i) : Array.from({ length: MAX_ANCHORS }, (_, i) => Math.round((i * (tracks.length - 1)) / (MAX_ANCHORS - 1)));
  const perTrack = Math.ceil(MIN_ANCHORS / chosen.length);
  const anchors: Anchor[] = [];
  for (const index of chosen) anchors.push(...(await anchorsIn(expected, index, perTrack, discFrames, signal)));
  return anchors;
}

/** Up to `count` anchors in track `index`, looked for from the start of its staging (its pregap) on. */
async function anchorsIn(expected: ExpectedProgram, index: number, count: number, discFrames: number, signal?: AbortSignal): Promise<Anchor[]> {
  const { tracks, programSectors } = expected.layout;
  const from = stagingStart(tracks[index]!);
  const next = tracks[index + 1];
  const end = Math.min(from + SCAN_SECTORS, next ? stagingStart(next) : programSectors);
  const anchors: Anchor[] = [];
  // The last ANCHOR_SECTORS sectors staged, ending before `lba`.
  const window = Buffer.alloc(ANCHOR_SECTORS * SECTOR_BYTES);
  let lba = from;
  let earliest = from;
  for await (const piece of expected.sectors(from)) {
    throwIfAborted(signal);
    for (let at = 0; at < piece.length; at += SECTOR_BYTES) {
      window.copyWithin(0, SECTOR_BYTES);
      piece.copy(window, window.length - SECTOR_BYTES, at, at + SECTOR_BYTES);
      lba += 1;
      const first = lba - ANCHOR_SECTORS;
      const frames = first >= earliest && searchable(first * SECTOR_FRAMES, discFrames) ? frameWords(window).slice() : undefined;
      if (frames && detailed(frames)) {
        anchors.push({ at: first * SECTOR_FRAMES, frames });
        earliest = lba + SPACING_SECTORS;
      }
      if (lba >= end || anchors.length === count) return anchors;
    }
  }
  return anchors;
}

/** A window whose ±SEARCH_FRAMES all lie on the disc. */
function searchable(at: number, discFrames: number): boolean {
  return at >= SEARCH_FRAMES && at + ANCHOR_FRAMES + SEARCH_FRAMES <= discFrames;
}

/** Every shift within ±`range` at which the disc holds the anchor's window. */
async function searchAnchor(anchor: Anchor, disc: DiscFrames, discFrames: number, range: number): Promise<number[]> {
  const from = Math.max(0, anchor.at - range);
  const to = Math.min(discFrames, anchor.at + ANCHOR_FRAMES + range);
  const read = frameWords((await disc.read(from, to - from)).data);
  const want = anchor.frames;
  const shifts: number[] = [];
  for (let i = 0; i + ANCHOR_FRAMES <= read.length; i += 1) {
    if (read[i] !== want[0] || !sameFrames(read, i, want)) continue;
    shifts.push(from + i - anchor.at);
  }
  return shifts;
}

function sameFrames(read: Uint32Array, at: number, want: Uint32Array): boolean {
  for (let j = 1; j < want.length; j += 1) if (read[at + j] !== want[j]) return false;
  return true;
}

function detailed(frames: Uint32Array): boolean {
  const seen = new Set<number>();
  for (const frame of frames) {
    seen.add(frame);
    if (seen.size >= MIN_DISTINCT) return true;
  }
  return false;
}

function closestToZero(shifts: number[]): number | undefined {
  return shifts.reduce<number | undefined>((best, shift) => (best === undefined || Math.abs(shift) < Math.abs(best) ? shift : best), undefined);
}

/** +6, -1164, 0. */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
