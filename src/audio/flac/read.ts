/**
 * FLAC files as track sources: decoded by FlacDecoder into PCM of the stream's own width (a
 * container of 8, 16, 24 or 32 bits, the samples left-justified in it as a WAV holds them), so
 * the converter gets the exact integers the file holds.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { WAVE_FORMAT_PCM, type WavFormat } from '../wav-format.js';
import { readWavData } from '../wav-reader.js';
import { FlacDecoder, FlacError, type FlacBlock } from './decoder.js';
import { interleave, md5Layout, sameLayout, wavLayout, type PcmLayout } from './pcm.js';

const READ_BYTES = 256 * 1024;

export interface FlacFacts {
  format: WavFormat;
  frames: number;
  sourceBits: number;
}

/** The PCM format of `bits`-bit FLAC: integers in whole bytes, `validBitsPerSample` the real width. */
export function flacPcmFormat(channels: number, sampleRate: number, bits: number): WavFormat {
  const container = Math.ceil(bits / 8) * 8;
  const blockAlign = channels * (container / 8);
  return { formatTag: WAVE_FORMAT_PCM, extensible: false, channels, sampleRate, bitsPerSample: container, validBitsPerSample: bits, blockAlign, byteRate: blockAlign * sampleRate, channelMask: 0 };
}

/**
 * Decodes the whole file once: its format and exact length, every frame checked, and the
 * decoded samples against STREAMINFO's MD5 signature when it has one (as `flac -d` does).
 * `onPcm` is handed each block as `readFlac` streams it.
 */
export async function flacFacts(path: string, onPcm?: (format: WavFormat, bytes: Buffer) => void): Promise<FlacFacts> {
  const decoder = new FlacDecoder();
  const md5 = createHash('md5');
  let scratch = Buffer.allocUnsafe(0);
  let layout: PcmLayout | undefined;
  let pcm: { format: WavFormat; layout: PcmLayout } | undefined;
  let signed: boolean | undefined;
  const layOut = (block: FlacBlock, pcmLayout: PcmLayout): Buffer => {
    const bytes = block.length * block.channels.length * pcmLayout.bytes;
    if (scratch.length < bytes) scratch = Buffer.allocUnsafe(bytes);
    return scratch.subarray(0, interleave(block, 0, block.length, pcmLayout, scratch, 0));
  };
  const onBlock = (block: FlacBlock): void => {
    // A stream without STREAMINFO or whose MD5 is all zeros has no signature to check.
    signed ??= decoder.info?.md5.some((byte) => byte !== 0) ?? false;
    layout ??= md5Layout(decoder.format!.bits);
    let shared: Buffer | undefined;
    if (onPcm) {
      const { channels, sampleRate, bits } = decoder.format!;
      pcm ??= { format: flacPcmFormat(channels, sampleRate, bits), layout: wavLayout(bits) };
      const bytes = layOut(block, pcm.layout);
      onPcm(pcm.format, bytes);
      // 16, 24 and 32-bit PCM lies in a WAV as the signature covers it: laid out once for both.
      if (sameLayout(pcm.layout, layout)) shared = bytes;
    }
    if (signed) md5.update(shared ?? layOut(block, layout));
  };
  for await (const _ of decode(path, decoder, onBlock));
  const { format, info } = decoder;
  if (!format || decoder.samples === 0) throw new InputError(path, 'the FLAC file holds no audio', 'EEMPTY');
  const complete = info && (info.totalSamples === 0 || info.totalSamples === decoder.samples);
  if (signed && complete && !md5.digest().equals(info.md5)) {
    throw new InputError(path, 'damaged FLAC: the decoded audio does not match the MD5 signature in its STREAMINFO block; the file is corrupted', 'EDECODE');
  }
  return { format: flacPcmFormat(format.channels, format.sampleRate, format.bits), frames: decoder.samples, sourceBits: format.bits };
}

/**
 * Streams the PCM of sample frames [from, to) in `format` (flacPcmFormat's), a piece for each
 * chunk read. Frames that end before `from` are skipped undecoded, so each track of an album rip
 * does not decode the album from its start.
 */
export async function* readFlac(path: string, format: WavFormat, from: number, to: number): AsyncGenerator<Buffer> {
  const layout = wavLayout(format.validBitsPerSample);
  let out = Buffer.allocUnsafe(0);
  let used = 0;
  let position = 0;
  const onBlock = (block: FlacBlock): void => {
    const start = Math.max(from - block.first, 0);
    const stop = Math.min(to - block.first, block.length);
    position = block.first + block.length;
    if (stop <= start) return;
    const bytes = (stop - start) * format.blockAlign;
    if (used + bytes > out.length) {
      const grown = Buffer.allocUnsafe(Math.max(used + bytes, 2 * out.length, READ_BYTES * 4));
      out.copy(grown, 0, 0, used);
      out = grown;
    }
    used += interleave(block, start, stop, layout, out, used);
  };
  for await (const _ of decode(path, new FlacDecoder({ skipTo: from }), onBlock)) {
    if (used > 0) yield out.subarray(0, used);
    out = Buffer.allocUnsafe(0);
    used = 0;
    if (position >= to) return;
  }
  if (position < to) throw new InputError(path, `the file changed while being read (${to - position} sample frames of audio missing)`, 'ETRUNCATED');
}

/** Feeds the file to `decoder` a chunk at a time, yielding after each; its errors become InputErrors naming the file. */
async function* decode(path: string, decoder: FlacDecoder, onBlock: (block: FlacBlock) => void): AsyncGenerator<void> {
  try {
    // Read into two buffers used in turn (the decoder copies what it keeps): fresh ones for each
    // chunk would each wait for a collection to be freed, and the peak memory would grow by tens of MB.
    for await (const chunk of readWavData(path, { dataOffset: 0, dataBytes: (await stat(path)).size }, READ_BYTES, true)) {
      decoder.push(chunk, onBlock);
      yield;
    }
    decoder.end(onBlock);
    yield;
  } catch (error) {
    if (!(error instanceof FlacError)) throw error;
    if (error.kind === 'format') {
      throw new InputError(path, `FLAC whose format changes mid-stream (${error.message}) is not supported; split it where the format changes, or convert it to one format first`, 'EUNSUPPORTED');
    }
    throw new InputError(path, `damaged FLAC: ${error.message}`, 'EDECODE');
  } finally {
    decoder.dispose();
  }
}
