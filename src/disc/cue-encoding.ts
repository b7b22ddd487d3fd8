/**
 * Cue sheets come as Windows writes them as often as not: EAC saves Windows-1252 by default, some
 * tools UTF-16. Reads the bytes of a sheet as text, whatever of these it is.
 */
export function decodeCueText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksUtf16(bytes, 1)) return new TextDecoder('utf-16le').decode(bytes);
  if (looksUtf16(bytes, 0)) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return windows1252(bytes);
  }
}

/**
 * Windows-1252 (the WHATWG table), not Latin-1: its 0x80-0x9F are printable (’ “ ” – € ...). The
 * five bytes it leaves undefined become U+FFFD rather than C1 control characters. (Node's own
 * TextDecoder('windows-1252') decodes Latin-1 in some versions.)
 */
function windows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_80_9F[byte - 0x80] ?? '\ufffd') : String.fromCharCode(byte);
  return text;
}

const WINDOWS_1252_80_9F = [...'€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ'];

/**
 * UTF-16 without a byte-order mark: a sheet starts with ASCII commands, each character a zero byte
 * and a letter: the zero second (`zero` 1) in little-endian, first (0) in big-endian.
 */
function looksUtf16(bytes: Uint8Array, zero: 0 | 1): boolean {
  const letter = 1 - zero;
  return bytes.length >= 4 && bytes.length % 2 === 0 && bytes[zero] === 0 && bytes[zero + 2] === 0 && bytes[letter] !== 0 && bytes[letter + 2] !== 0;
}
