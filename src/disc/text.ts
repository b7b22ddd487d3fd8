import type { ProbedTrack } from '../probe.js';
import type { TrackFacts } from '../plan.js';
import { FRAME_BYTES } from './red-book.js';

/**
 * Removes C0 and C1 control characters (escape sequences, newlines, tabs, DEL) and folds runs
 * of white space, so text from tags can neither move a terminal's cursor nor break a line-based
 * format such as a cue sheet.
 */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Title and performer of each track: its tags, else the file name (so every track has a title). */
export function trackFacts(tracks: readonly ProbedTrack[]): TrackFacts[] {
  return tracks.map((track) => ({
    path: track.label,
    audioBytes: track.conversion.frames * FRAME_BYTES,
    conversion: track.conversion.steps,
    pregapSectors: track.input?.pregapSectors,
    postgapSectors: track.input?.postgapSectors,
    title: nonEmpty(track.tags.title) ?? track.name.replace(/\.wav$/i, ''),
    performer: nonEmpty(track.tags.artist),
  }));
}

/** Disc title and performer: the options, else a tag every track agrees on. */
export function discText(
  tracks: readonly ProbedTrack[],
  options: { title?: string; performer?: string },
): { title?: string; performer?: string } {
  return {
    title: nonEmpty(options.title) ?? shared(tracks.map((t) => t.tags.album)),
    performer:
      nonEmpty(options.performer) ??
      shared(tracks.map((t) => t.tags.albumArtist)) ??
      shared(tracks.map((t) => t.tags.artist)),
  };
}

function shared(values: Array<string | undefined>): string | undefined {
  const first = nonEmpty(values[0]);
  return first !== undefined && values.every((v) => nonEmpty(v) === first) ? first : undefined;
}

function nonEmpty(text: string | undefined): string | undefined {
  const plain = text === undefined ? '' : plainText(text);
  return plain === '' ? undefined : plain;
}
