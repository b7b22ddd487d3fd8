/**
 * A reader of Q-subchannel frames (12 bytes: control/ADR, nine data bytes, the CRC) as the Red
 * Book and ECMA-130 define them, written from the standard for the tests, independently of the
 * simulator's encoder.
 */
export interface QPosition {
  adr: 1;
  control: number;
  /** 0xAA in the lead-out */
  track: number;
  index: number;
  /** MSF as frames (75 a second) */
  relative: number;
  absolute: number;
}
export interface QCatalog {
  adr: 2;
  control: number;
  mcn: string;
  frame: number;
}
export interface QIsrc {
  adr: 3;
  control: number;
  isrc: string;
  frame: number;
}
export type QFrame = (QPosition | QCatalog | QIsrc) & { crcOk: boolean };

const bcd = (byte: number): number => (byte >> 4) * 10 + (byte & 0x0f);
const msf = (bytes: Buffer, at: number): number => (bcd(bytes[at]!) * 60 + bcd(bytes[at + 1]!)) * 75 + bcd(bytes[at + 2]!);

/** CRC-16/CCITT (x^16 + x^12 + x^5 + 1), initial value 0; the disc stores its complement. */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** ISRC characters: 6 bits, '0'-'9' as 0-9 and 'A'-'Z' from 0x11. */
function isrcChar(code: number): string {
  return code < 10 ? String(code) : String.fromCharCode(0x41 + code - 0x11);
}

function isrc(frame: Buffer): string {
  const bits = frame.subarray(1, 9).reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  const letters = [58, 52, 46, 40, 34].map((shift) => isrcChar(Number((bits >> BigInt(shift)) & 0x3fn)));
  const digits = [28, 24, 20, 16, 12, 8, 4].map((shift) => String(Number((bits >> BigInt(shift)) & 0xfn)));
  return [...letters, ...digits].join('');
}

export function decodeQ(frame: Buffer): QFrame {
  const control = frame[0]! >> 4;
  const adr = frame[0]! & 0x0f;
  const crcOk = ((crc16(frame.subarray(0, 10)) ^ 0xffff) & 0xffff) === frame.readUInt16BE(10);
  if (adr === 2) {
    const digits = [...frame.subarray(1, 8)].flatMap((byte) => [byte >> 4, byte & 0x0f]).slice(0, 13).join('');
    return { adr, control, mcn: digits, frame: bcd(frame[9]!), crcOk };
  }
  if (adr === 3) return { adr, control, isrc: isrc(frame), frame: bcd(frame[9]!), crcOk };
  const track = frame[1] === 0xaa ? 0xaa : bcd(frame[1]!);
  return { adr: 1, control, track, index: bcd(frame[2]!), relative: msf(frame, 3), absolute: msf(frame, 7), crcOk };
}

/** Every 12-byte frame of a discSubOut file, the first being LBA -150's. */
export function qFrames(file: Buffer): QFrame[] {
  const frames: QFrame[] = [];
  for (let at = 0; at + 12 <= file.length; at += 12) frames.push(decodeQ(file.subarray(at, at + 12)));
  return frames;
}
