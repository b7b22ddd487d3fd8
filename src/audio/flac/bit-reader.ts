/**
 * An MSB-first bit reader over a byte array, with a 32-bit cache: bits are loaded a byte at a
 * time into the top of `cache`, and the bits below the `count` valid ones are always zero.
 * Reading past `end` gives whatever lies there (zeros past the array); callers check `overrun`
 * once a frame is read instead of testing every read.
 */
export class BitReader {
  bytes: Uint8Array = new Uint8Array(0);
  /** The next byte to load into the cache. */
  pos = 0;
  end = 0;
  cache = 0;
  count = 0;

  reset(bytes: Uint8Array, at: number, end: number): void {
    this.bytes = bytes;
    this.pos = at;
    this.end = end;
    this.cache = 0;
    this.count = 0;
  }

  /** True when more bits were read than `end` holds. */
  get overrun(): boolean {
    return this.pos * 8 - this.count > this.end * 8;
  }

  /** The byte the reader stands at; the reader must be byte-aligned. */
  get bytePosition(): number {
    return this.pos - (this.count >>> 3);
  }

  /** Fills the cache to at least 25 bits. */
  refill(): void {
    const { bytes } = this;
    while (this.count <= 24) {
      this.cache |= bytes[this.pos++]! << (24 - this.count);
      this.count += 8;
    }
  }

  /** `n` bits (0 to 33) as an unsigned number. */
  read(n: number): number {
    if (n > 24) return this.read(n - 16) * 65536 + this.read(16);
    if (n === 0) return 0;
    if (this.count < n) this.refill();
    const value = this.cache >>> (32 - n);
    this.cache <<= n;
    this.count -= n;
    return value;
  }

  /** `n` bits (1 to 33) as a two's complement number. */
  readSigned(n: number): number {
    const value = this.read(n);
    const half = 2 ** (n - 1);
    return value >= half ? value - 2 * half : value;
  }

  /** The number of 0 bits before the next 1 bit, which is consumed too. */
  readUnary(): number {
    let zeros = 0;
    while (this.cache === 0) {
      zeros += this.count;
      this.count = 0;
      if (this.pos > this.end + 4) return zeros;
      this.refill();
    }
    const z = Math.clz32(this.cache);
    this.cache = (this.cache << z) << 1;
    this.count -= z + 1;
    return zeros + z;
  }

  /** Skips to the next byte boundary (frames end with zero padding to one). */
  align(): void {
    const extra = this.count & 7;
    this.cache <<= extra;
    this.count -= extra;
  }
}
