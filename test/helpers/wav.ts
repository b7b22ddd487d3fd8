import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WavSpec {
  sampleRate?: number;
  bitsPerSample?: number;
  channels?: number;
  formatTag?: number;
  extensible?: boolean;
  /** Chunks placed before `fmt ` / between `fmt ` and `data` / after `data`. */
  before?: Buffer[];
  between?: Buffer[];
  after?: Buffer[];
  /** Overrides the size written in the data chunk header. */
  declaredDataBytes?: number;
}

export function chunk(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(id, 0, 'latin1');
  header.writeUInt32LE(body.length, 4);
  const pad = body.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([header, body, pad]);
}

/** A LIST/INFO chunk with INAM (title), IART (artist) and IPRD (album). */
export function infoChunk(tags: { title?: string; artist?: string; album?: string }): Buffer {
  const entries = Object.entries({ INAM: tags.title, IART: tags.artist, IPRD: tags.album })
    .filter(([, v]) => v !== undefined)
    .map(([id, v]) => chunk(id, Buffer.from(`${v}\0`, 'utf8')));
  return chunk('LIST', Buffer.concat([Buffer.from('INFO', 'latin1'), ...entries]));
}

/** An ID3v2.3 tag holding one TIT2 (title) frame, as taggers put in a WAV's id3 chunk. */
export function id3Title(title: string): Buffer {
  const text = Buffer.concat([Buffer.from([0]), Buffer.from(title, 'latin1')]);
  const frame = Buffer.concat([Buffer.from('TIT2', 'latin1'), Buffer.from([0, 0, 0, text.length, 0, 0]), text]);
  const size = frame.length;
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([3, 0, 0, 0, 0, size >> 7, size & 0x7f]), frame]);
}

export function fmtBody(spec: WavSpec): Buffer {
  const channels = spec.channels ?? 2;
  const bits = spec.bitsPerSample ?? 16;
  const rate = spec.sampleRate ?? 44100;
  const blockAlign = channels * Math.ceil(bits / 8);
  const body = Buffer.alloc(spec.extensible ? 40 : 16);
  body.writeUInt16LE(spec.extensible ? 0xfffe : spec.formatTag ?? 1, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(rate, 4);
  body.writeUInt32LE(rate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(bits, 14);
  if (spec.extensible) {
    body.writeUInt16LE(22, 16);
    body.writeUInt16LE(bits, 18);
    body.writeUInt32LE(channels === 2 ? 3 : 4, 20);
    // KSDATAFORMAT_SUBTYPE_*: {0000xxxx-0000-0010-8000-00aa00389b71}
    body.writeUInt16LE(spec.formatTag ?? 1, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(body, 26);
  }
  return body;
}

/** A whole WAV file around `data`. */
export function wavFile(data: Buffer, spec: WavSpec = {}): Buffer {
  const dataChunk = chunk('data', data);
  if (spec.declaredDataBytes !== undefined) dataChunk.writeUInt32LE(spec.declaredDataBytes, 4);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    ...(spec.before ?? []),
    chunk('fmt ', fmtBody(spec)),
    ...(spec.between ?? []),
    dataChunk,
    ...(spec.after ?? []),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/**
 * CD audio (44.1 kHz, 16-bit, stereo) of `frames` frames whose samples are distinct for each
 * `seed`, so a misplaced or reordered block cannot go unnoticed: a sine in the left channel, a
 * counter in the right.
 */
export function cdAudio(frames: number, seed = 1): Buffer {
  const data = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    data.writeInt16LE(Math.round(Math.sin((i * seed * 2 * Math.PI * 441) / 44100) * 12000), i * 4);
    data.writeInt16LE(((i + seed * 7919) % 65536) - 32768, i * 4 + 2);
  }
  return data;
}

export const FRAMES_PER_SECOND = 44100;

/** A new folder in `base` (the system's temporary folder by default), and a way to remove it. */
export async function tempDir(base = tmpdir()): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(base, 'burn-audio-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Writes CD-audio WAVs `name` → seconds into `dir`; returns their paths and audio. */
export async function writeTracks(dir: string, tracks: Record<string, number>): Promise<Array<{ path: string; audio: Buffer }>> {
  return Promise.all(
    Object.entries(tracks).map(async ([name, seconds], index) => {
      const audio = cdAudio(Math.round(seconds * FRAMES_PER_SECOND), index + 1);
      const path = join(dir, name);
      await writeFile(path, wavFile(audio));
      return { path, audio };
    }),
  );
}

/** Writes a long CD-audio WAV by repeating one second of `cdAudio`, without holding it whole. */
export async function writeLongTrack(path: string, seconds: number): Promise<void> {
  const second = cdAudio(FRAMES_PER_SECOND, 3);
  const { open } = await import('node:fs/promises');
  const file = await open(path, 'w');
  try {
    await file.write(wavFile(Buffer.alloc(0), { declaredDataBytes: second.length * seconds }));
    for (let i = 0; i < seconds; i += 1) await file.write(second);
  } finally {
    await file.close();
  }
}

/** What a disc of these tracks holds: each track zero-padded to whole sectors, at least 300 (4 s). */
export function discAudio(tracks: Array<{ audio: Buffer }>): Buffer {
  const SECTOR = 2352;
  return Buffer.concat(
    tracks.map(({ audio }) => {
      const sectors = Math.max(300, Math.ceil(audio.length / SECTOR));
      return Buffer.concat([audio, Buffer.alloc(sectors * SECTOR - audio.length)]);
    }),
  );
}

/** Encodes per-channel ±1 samples as the WAV data of `spec` (PCM 8/16/24/32-bit or float 32/64). */
export function encodeSamples(channels: Float64Array[], spec: { bitsPerSample: number; float?: boolean }): Buffer {
  const width = spec.bitsPerSample / 8;
  const frames = channels[0]!.length;
  const out = Buffer.alloc(frames * width * channels.length);
  let at = 0;
  for (let i = 0; i < frames; i += 1) {
    for (const channel of channels) {
      const x = channel[i]!;
      if (spec.float && width === 4) out.writeFloatLE(x, at);
      else if (spec.float) out.writeDoubleLE(x, at);
      else if (width === 1) out[at] = Math.round(x * 127) + 128;
      else out.writeIntLE(Math.round(x * (2 ** (spec.bitsPerSample - 1) - 1)), at, width);
      at += width;
    }
  }
  return out;
}

/** Splits 16-bit little-endian stereo CD audio into two ±1 channels. */
export function cdChannels(bytes: Buffer): [Float64Array, Float64Array] {
  const frames = Math.floor(bytes.length / 4);
  const left = new Float64Array(frames);
  const right = new Float64Array(frames);
  for (let i = 0; i < frames; i += 1) {
    left[i] = bytes.readInt16LE(i * 4) / 32768;
    right[i] = bytes.readInt16LE(i * 4 + 2) / 32768;
  }
  return [left, right];
}
