/** What the TypeScript side knows of the shim without loading it (burn_audio_imapi.h, burn_audio_imapi2.h). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { standalone } from '../../standalone.js';

/**
 * Where the shim of this platform lives (never looked up on a search path): inside the package,
 * or, in burn-audio.exe, in its cache folder, where it is written and checked first.
 */
export function shimPath(): string {
  return standalone()?.nativeFile('shim') ?? packageShimPath();
}

export function shimExists(): boolean {
  return standalone() !== undefined || existsSync(packageShimPath());
}

function packageShimPath(): string {
  const file = process.platform === 'win32' ? 'burn_audio_imapi.dll' : 'libburn_audio_imapi.so';
  return fileURLToPath(new URL(`../../../../native-bindings/build/${process.platform}-${process.arch}/${file}`, import.meta.url));
}

/** Kinds of event the shim sends (enum ba_event_kind). */
export const EVENT = {
  pnpActivity: 1,
  addProgress: 2,
  blockProgress: 3,
  trackProgress: 4,
  preparingBurn: 5,
  closingDisc: 6,
  burnComplete: 7,
  eraseComplete: 8,
  closed: 9,
  returned: 10,
} as const;

/** Kinds of event the IMAPI2 part of the shim sends (enum ba2_event_kind, burn_audio_imapi2.h). */
export const EVENT2 = {
  /** DDiscFormat2RawCDEvents::Update: (CurrentAction, LastWrittenLba). */
  update: 1,
  closed: 2,
  /** ba2_write or ba2_read_through returned: (HRESULT, 0). */
  returned: 3,
  /** The write's (StartLba, SectorCount). */
  extent: 4,
  /** ba2_read_through: (sectors read, sectors in the image). */
  read: 5,
} as const;

/** ba2_image_add_track's flags (BA2_FLAG_*). */
export const TRACK_FLAG2 = { PRE: 1, DCP: 2, SCMS: 4 } as const;
