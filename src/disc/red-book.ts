/** Red Book (IEC 60908) numbers used throughout the layout. */

/** Bytes in one CD-DA sector: 588 stereo frames of 16-bit samples. */
export const SECTOR_BYTES = 2352;
/** Sectors per second of audio (one sector = 1/75 s). */
export const SECTORS_PER_SECOND = 75;
export const SAMPLE_RATE = 44_100;
export const BITS_PER_SAMPLE = 16;
export const CHANNELS = 2;
export const FRAME_BYTES = (BITS_PER_SAMPLE / 8) * CHANNELS;
/** Stereo sample frames in one sector (588). */
export const SECTOR_FRAMES = SECTOR_BYTES / FRAME_BYTES;
/** The 2-second pregap before track 1 (LBA -150 .. -1). */
export const LEAD_PREGAP_SECTORS = 150;
/** Red Book minimum track length: 4 s. */
export const MIN_TRACK_SECTORS = 300;
export const MAX_TRACKS = 99;

/** Disc capacities by nominal minutes. */
export const CAPACITY_MINUTES = [74, 80, 90, 99] as const;
export type CapacityMinutes = (typeof CAPACITY_MINUTES)[number];

export function minutesToSectors(minutes: number): number {
  return minutes * 60 * SECTORS_PER_SECOND;
}

/** Whole sectors needed to hold `bytes` of audio (the last one zero-padded). */
export function sectorsForBytes(bytes: number): number {
  return Math.ceil(bytes / SECTOR_BYTES);
}

/** Formats a sector count or address as MM:SS:FF (minutes may exceed 99 only on absurd input). */
export function formatMsf(sectors: number): string {
  const frames = sectors % SECTORS_PER_SECOND;
  const seconds = Math.floor(sectors / SECTORS_PER_SECOND) % 60;
  const minutes = Math.floor(sectors / (SECTORS_PER_SECOND * 60));
  return [minutes, seconds, frames].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Formats a sector count as a human duration, m:ss. */
export function formatDuration(sectors: number): string {
  const totalSeconds = Math.round(sectors / SECTORS_PER_SECOND);
  return `${Math.floor(totalSeconds / 60)}:${String(totalSeconds % 60).padStart(2, '0')}`;
}

/** Formats a sector count as seconds, e.g. "2 s", "1.5 s", "0.33 s". */
export function formatSeconds(sectors: number): string {
  return `${(sectors / SECTORS_PER_SECOND).toFixed(2).replace(/\.?0+$/, '')} s`;
}

/** A position in a track, in sectors from its INDEX 01, as m:ss.ff (ff: 1/75 s); negative in its pregap. */
export function formatTrackTime(sectors: number): string {
  const sign = sectors < 0 ? '-' : '';
  const whole = Math.abs(sectors);
  const seconds = Math.floor(whole / SECTORS_PER_SECOND);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${sign}${Math.floor(seconds / 60)}:${pad(seconds % 60)}.${pad(whole % SECTORS_PER_SECOND)}`;
}
