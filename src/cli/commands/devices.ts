/** `devices`, `erase`, `eject`: the jobs run, and the recorders shown as a table. */
import { plainText } from '../../disc/text.js';
import type { RecorderInfo } from '../../recorders/description.js';
import { describeMedia } from '../../recorders/imapi/imapi.js';
import { displayWidth, padDisplay } from '../render/text-width.js';

/** The `devices` table. */
export function devicesTable(recorders: readonly RecorderInfo[]): string {
  if (recorders.length === 0) return 'No CD recorders found.\n';
  const header = ['#', 'Vendor', 'Product', 'Rev', 'Path', 'Media'];
  const rows = recorders.map((r) => [String(r.index), r.vendor, r.product, r.revision, r.path, describeMedia(r.media)].map(plainText));
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => displayWidth(row[c]!))));
  return [header, ...rows].map((cells) => cells.map((cell, c) => padDisplay(cell, widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}
