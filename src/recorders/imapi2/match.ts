/**
 * One list of recorders from IMAPI v1's and IMAPI2's, which name the same drives differently:
 * v1 by its path (\Device\CdRom0), IMAPI2 by a device-interface unique ID and its drive letters.
 */
import type { RecorderInfo } from '../description.js';

/**
 * The recorders as `burn-audio devices` lists them: IMAPI v1's, in its order (their index is
 * v1's), each with the same drive as IMAPI2 sees it; then the drives only IMAPI2 sees, numbered
 * on. A drive is the same when the paths agree (v1's \Device\CdRomN is IMAPI2's legacy device
 * number N), else when vendor, product and revision do (taken in order, so identical drives pair
 * up as both IMAPIs list them).
 */
export function matchRecorders(v1: readonly RecorderInfo[], imapi2: readonly RecorderInfo[]): RecorderInfo[] {
  const left = [...imapi2];
  const take = (same: (other: RecorderInfo) => boolean): RecorderInfo | undefined => {
    const at = left.findIndex(same);
    return at < 0 ? undefined : left.splice(at, 1)[0];
  };
  const rows = v1.map((recorder) => {
    const twin = take((other) => samePath(recorder, other)) ?? take((other) => sameName(recorder, other));
    return twin ? { ...recorder, imapi2: twin.imapi2 } : recorder;
  });
  return [...rows, ...left.map((recorder, i) => ({ ...recorder, index: v1.length + i }))];
}

function samePath(v1: RecorderInfo, imapi2: RecorderInfo): boolean {
  const number = /\\CdRom(\d+)$/i.exec(v1.path)?.[1];
  const legacy = imapi2.imapi2?.legacyDeviceNumber;
  return v1.path.toLowerCase() === imapi2.path.toLowerCase() || (number !== undefined && legacy !== undefined && legacy !== null && Number(number) === legacy);
}

function sameName(a: RecorderInfo, b: RecorderInfo): boolean {
  const name = (r: RecorderInfo): string => [r.vendor, r.product, r.revision].map((part) => part.trim().toLowerCase()).join('\0');
  return name(a) === name(b);
}
