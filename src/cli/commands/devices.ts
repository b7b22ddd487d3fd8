/** `devices`, `erase`, `eject`: the jobs run, and the recorders shown as a table. */
import { plainText } from '../../disc/text.js';
import type { Imapi2Facts, RecorderInfo } from '../../recorders/description.js';
import { describeMedia } from '../../recorders/imapi/imapi.js';
import { SECTORS_PER_SECOND_1X, mediaOf } from '../../recorders/imapi2/imapi2.js';
import { displayWidth, padDisplay } from '../render/text-width.js';

/**
 * The `devices` table: one row per recorder, as IMAPI v1 sees it; where IMAPI2 is there, its
 * drive letters and what IMAPI2 says of it and its media (write speeds), which disc-at-once uses.
 */
export function devicesTable(recorders: readonly RecorderInfo[]): string {
  if (recorders.length === 0) return 'No CD recorders found.\n';
  const imapi2 = recorders.some((r) => r.imapi2);
  const header = ['#', 'Vendor', 'Product', 'Rev', 'Path', 'Media', ...(imapi2 ? ['Drive', 'IMAPI2 (disc-at-once)'] : [])];
  const rows = recorders.map((r) => {
    const extra = imapi2 ? [r.imapi2?.volumePaths.join(' ') ?? '', r.imapi2 ? imapi2Summary(r.imapi2) : 'not seen'] : [];
    return [String(r.index), r.vendor, r.product, r.revision, r.path, describeMedia(r.media), ...extra].map(plainText);
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => displayWidth(row[c]!))));
  return [header, ...rows].map((cells) => cells.map((cell, c) => padDisplay(cell, widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `blank CD-R, 4×–48×`: the media as IMAPI2 sees it, and the write speeds it offers for it. */
function imapi2Summary(facts: Imapi2Facts): string {
  const speeds = (facts.writeSpeeds ?? []).map((speed) => Math.floor(speed / SECTORS_PER_SECOND_1X)).sort((a, b) => a - b);
  const range = speeds.length === 0 ? '' : `, ${speeds[0]}×${speeds.length > 1 ? `–${speeds.at(-1)}×` : ''}`;
  const owner = facts.exclusiveAccessOwner ? `, held by ${facts.exclusiveAccessOwner}` : '';
  return `${mediaOf(facts).label}${range}${owner}`;
}
