/**
 * Cue sheets come as Windows writes them as often as not: EAC saves Windows-1252 by default, some
 * tools UTF-16. Reads the bytes of a sheet as text, whatever of these it is.
 */
export function decodeCueText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksUtf16le(bytes)) return new TextDecoder('utf-16le').decode(bytes);
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

/** UTF-16LE without a byte-order mark: a sheet starts with ASCII commands, each followed by a zero byte. */
function looksUtf16le(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes.length % 2 === 0 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0;
}
