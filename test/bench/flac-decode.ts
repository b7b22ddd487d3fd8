/**
 * The FLAC decoder alone, for the benchmark: decodes `in.flac` to the PCM of `out.wav` as
 * `flac -d in.flac -o out.wav` does (every frame's CRC checked, the samples compared with the
 * STREAMINFO MD5 signature), 256 KiB read at a time.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { FlacDecoder, type FlacBlock } from '../../src/audio/flac/decoder.js';
import { interleave, md5Layout, sameLayout, wavLayout } from '../../src/audio/flac/pcm.js';

const [input, output] = process.argv.slice(2);
const decoder = new FlacDecoder();
const md5 = createHash('md5');
const file = await open(output!, 'w');
await file.write(Buffer.alloc(44));
const pending: Buffer[] = [];
const onBlock = (block: FlacBlock): void => {
  const bits = decoder.format!.bits;
  const layout = wavLayout(bits);
  const pcm = Buffer.allocUnsafe(block.length * block.channels.length * layout.bytes);
  interleave(block, 0, block.length, layout, pcm, 0);
  if (!sameLayout(layout, md5Layout(bits))) throw new Error('the benchmark decodes 16, 24 or 32-bit FLAC');
  md5.update(pcm);
  pending.push(pcm);
};
for await (const chunk of createReadStream(input!, { highWaterMark: 256 * 1024 })) {
  decoder.push(chunk as Buffer, onBlock);
  await file.write(Buffer.concat(pending.splice(0)));
}
decoder.end(onBlock);
await file.write(Buffer.concat(pending.splice(0)));
await file.close();
if (!md5.digest().equals(decoder.info!.md5)) throw new Error('the decoded audio does not match the MD5 signature');
