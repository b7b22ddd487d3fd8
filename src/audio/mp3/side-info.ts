/**
 * Layer III side information (ISO/IEC 11172-3 2.4.1.7, 13818-3 2.4.1.7), read as libmpg123's
 * III_get_side_info reads it, for the faults mpg123 reports and then conceals with silence or
 * garbage: mpg123-decoder's build reports none of them, so they are found here.
 */
import { BitReader } from '../flac/bit-reader.js';
import { sideInfoBytes, type FrameHeader } from './frame-header.js';

/** The most big_values a granule can have: 576 lines in pairs. */
const MAX_BIG_VALUES = 288;

/** What mpg123 finds wrong in the side information of the Layer III frame `frame` (header first); undefined when nothing. */
export function sideInfoFault(frame: Uint8Array, h: FrameHeader): string | undefined {
  const crc = ((h.word >>> 16) & 1) === 0 ? 2 : 0;
  if (frame.length < 4 + crc + sideInfoBytes(h)) return undefined;
  const mpeg1 = h.version === '1';
  const channels = h.mono ? 1 : 2;
  const r = new BitReader();
  r.reset(frame, 4 + crc, frame.length);
  // main_data_begin and the private bits, then (MPEG-1) each channel's scfsi.
  r.read(mpeg1 ? 9 : 8);
  r.read(mpeg1 ? (h.mono ? 5 : 3) : h.mono ? 1 : 2);
  if (mpeg1) r.read(4 * channels);
  for (let granule = 0; granule < (mpeg1 ? 2 : 1); granule += 1) {
    for (let c = 0; c < channels; c += 1) {
      r.read(12); // part2_3_length
      const bigValues = r.read(9);
      if (bigValues > MAX_BIG_VALUES) return `big_values ${bigValues}, more than ${MAX_BIG_VALUES}`;
      r.read(8 + (mpeg1 ? 4 : 9)); // global_gain, scalefac_compress
      if (r.read(1) === 1) {
        const blockType = r.read(2);
        if (blockType === 0) return 'window switching with block type 0';
        r.read(1 + 10 + 9); // mixed_block_flag, two table_select, three subblock_gain
      } else {
        r.read(15 + 4 + 3); // three table_select, region0_count, region1_count
      }
      r.read((mpeg1 ? 1 : 0) + 2); // preflag, scalefac_scale, count1table_select
    }
  }
  return undefined;
}
