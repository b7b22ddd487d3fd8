/**
 * The tag some encoders put in place of the first frame's audio: Xing/Info (with LAME's encoder
 * delay and padding) and Fraunhofer's VBRI. Read as libmpg123 reads them (check_lame_tag), so the
 * length they declare is the length mpg123 gives.
 */
import { sideInfoBytes, type FrameHeader } from './frame-header.js';

export type InfoFrame =
  /** Xing or Info: mpg123 takes it for a tag, not audio. `frames` counts the audio frames after it. */
  | { kind: 'Xing'; frames?: number; lame?: { delay: number; padding: number } }
  /** VBRI: mpg123 does not know it and decodes it as a frame of silence. */
  | { kind: 'VBRI'; frames: number };

/** The decoder delay of Layer III that mpg123 removes when a Xing header gives the length (GAPLESS_DELAY). */
const DECODER_DELAY = 529;

/** The Xing/Info or VBRI tag in a stream's first frame (`frame`: the whole frame, header included). */
export function readInfoFrame(frame: Buffer, h: FrameHeader): InfoFrame | undefined {
  if (h.layer !== 3) return undefined;
  return readXing(frame.subarray(4), sideInfoBytes(h)) ?? readVbri(frame);
}

function readXing(body: Buffer, at: number): InfoFrame | undefined {
  // mpg123 looks for the tag only where the side information before it is zero (bar a CRC).
  if (body.length < at + 8 || body.subarray(2, at).some((byte) => byte !== 0)) return undefined;
  const id = body.toString('latin1', at, at + 4);
  if (id !== 'Xing' && id !== 'Info') return undefined;
  const flags = body.readUInt32BE(at + 4);
  let next = at + 8;
  const has = (bytes: number): boolean => body.length >= next + bytes;
  const tag: InfoFrame = { kind: 'Xing' };
  if (flags & 1) {
    if (!has(4)) return tag;
    tag.frames = body.readUInt32BE(next);
    next += 4;
  }
  for (const [flag, bytes] of [[2, 4], [4, 100], [8, 4]] as const) {
    if (!(flags & flag)) continue;
    if (!has(bytes)) return tag;
    next += bytes;
  }
  // The LAME extension: an encoder name, then 12-bit delay and padding at bytes 21 to 23.
  if (!has(24) || body[next] === 0) return tag;
  tag.lame = { delay: (body[next + 21]! << 4) | (body[next + 22]! >> 4), padding: ((body[next + 22]! & 0x0f) << 8) | body[next + 23]! };
  return tag;
}

/** VBRI sits 32 bytes after the header, whatever the mode; version 1 is the only one known. */
function readVbri(frame: Buffer): InfoFrame | undefined {
  if (frame.length < 36 + 18 || frame.toString('latin1', 36, 40) !== 'VBRI' || frame.readUInt16BE(40) !== 1) return undefined;
  return { kind: 'VBRI', frames: frame.readUInt32BE(36 + 14) };
}

/**
 * The sample frames mpg123 gives for a stream whose Xing header counts its frames (gapless
 * decoding): the LAME delay and padding removed, or without them the decoder delay alone.
 */
export function gaplessLength(tag: InfoFrame | undefined, samplesPerFrame: number): number | undefined {
  if (tag?.kind !== 'Xing' || !tag.frames) return undefined;
  return tag.frames * samplesPerFrame - (tag.lame ? tag.lame.delay + tag.lame.padding : DECODER_DELAY);
}

/** Sample frames mpg123 drops at the start of such a stream: what is left is the track's time. */
export function gaplessSkip(tag: InfoFrame | undefined): number {
  if (tag?.kind !== 'Xing' || !tag.frames) return 0;
  return DECODER_DELAY + (tag.lame?.delay ?? 0);
}
