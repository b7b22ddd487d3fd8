/**
 * Which recorder burns a plan, and what it refuses or warns about: decided here alone, from the
 * recorders' capability table (capabilities.ts) and from what IMAPI does on the Windows it runs
 * on (imapi/behaviour.ts). A new backend is one more row there and one more case here.
 */
import { SECTORS_PER_SECOND } from '../disc/red-book.js';
import type { DiscLayout } from '../disc/layout.js';
import { DeviceError, UsageError } from '../errors.js';
import { RECORDERS, type RecorderCapabilities } from './capabilities.js';
import type { ImapiBehaviour, ImapiPlatform } from './description.js';
import { IMAGE_ADVICE, imapiUnavailable } from './imapi/imapi.js';

export type RecorderKind = keyof typeof RECORDERS;

/** An image when one is asked for; otherwise the disc recorder (IMAPI v1, track-at-once). */
export function recorderKind(request: { image?: string }): RecorderKind {
  return request.image === undefined ? 'imapi' : 'image';
}

export function capabilitiesOf(kind: RecorderKind): RecorderCapabilities {
  return RECORDERS[kind];
}

/** What is refused before any input is read: a recorder this machine cannot reach, a gap it cannot write. */
export function checkBeforeInputs(kind: RecorderKind, request: { gap: number }): void {
  if (kind === 'image') return;
  const unavailable = imapiUnavailable();
  if (unavailable) throw new DeviceError(`${unavailable}; ${IMAGE_ADVICE}`, 'ENOIMAPI');
  const { maxGapSectors } = RECORDERS[kind];
  if (request.gap > maxGapSectors) {
    throw new UsageError(`--gap: IMAPI writes gaps of at most ${maxGapSectors / SECTORS_PER_SECOND} seconds (${maxGapSectors} sectors); for longer ones use --image`);
  }
}

/** What a gap refusal names: the sheet that set the gaps, when one did (--gap does not change them). */
export interface GapSource {
  tracks: ReadonlyArray<{ label: string; pregapSectors?: number }>;
}

/**
 * The gap IMAPI writes before every track of this plan (AudioGapSize), refused where it cannot
 * be written: gaps of different lengths, a gap over IMAPI's largest, or, where IMAPI writes its
 * own gap whatever is asked, any other gap. Checked before anything is staged.
 */
export function imapiGap(layout: DiscLayout, behaviour: ImapiBehaviour, platform: ImapiPlatform, inputs?: GapSource): number {
  const gapSectors = uniformGap(layout);
  const fixed = behaviour.fixedGapSectors;
  if (fixed === undefined || gapSectors === fixed) return gapSectors;
  const imapi = `IMAPI v1 on this Windows (${platform.windows}) always writes ${formatGap(fixed)} between tracks, whatever is asked`;
  const sheet = inputs?.tracks.slice(1).find((track) => track.pregapSectors !== undefined);
  if (sheet) {
    const gaps = gapSectors === 0 ? 'its tracks follow each other with no silence between them (gapless, or pregap audio joined to the track before)' : `it gives gaps of ${formatGap(gapSectors)}`;
    throw new UsageError(
      `${sheet.label.replace(/#\d+$/, '')}: ${gaps}, but ${imapi}, so the disc would not sound as the sheet says; ` +
        'write an image with --image disc.cue, which keeps the sheet\'s gaps, and burn it with a tool that writes cue sheets',
    );
  }
  throw new UsageError(
    `a gap of ${formatGap(gapSectors)} cannot be burned here: ${imapi}; ` +
      'write an image with --image disc.cue (any gap, gapless included) and burn it with another tool, or burn with the default --gap 2',
  );
}

/** IMAPI writes one gap size (AudioGapSize) before every track: the layout must have one. */
function uniformGap(layout: DiscLayout): number {
  const gaps = [...new Set(layout.tracks.slice(1).map((track) => track.pregapSectors))];
  if (gaps.length > 1) {
    throw new UsageError('the cue sheet gives gaps of different lengths, but IMAPI writes the same gap before every track; write an image with --image');
  }
  const gap = gaps[0] ?? layout.gapSectors;
  const { maxGapSectors } = RECORDERS.imapi;
  if (gap > maxGapSectors) throw new UsageError(`a gap of ${gap} sectors is longer than IMAPI writes (${maxGapSectors}, 3 s); use --image`);
  return gap;
}

function formatGap(sectors: number): string {
  const seconds = sectors / SECTORS_PER_SECOND;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(2)} s`;
}
