import { INTERESTING, type Random } from './random.js';

/** A mutated input and what was done to it, in words (printed with each finding). */
export interface Mutation {
  bytes: Buffer;
  what: string;
}

/** One way of damaging an input; undefined when it does not apply to this one (no frame to drop, say). */
export type Operator = (input: Buffer, rnd: Random) => Mutation | undefined;

/** Operators with weights: how often each is drawn. */
export type Operators = ReadonlyArray<readonly [weight: number, operator: Operator]>;

/** Applies one to three operators drawn by weight; each sees the output of the one before. */
export function mutate(seed: Buffer, rnd: Random, operators: Operators): Mutation {
  let bytes = seed;
  const done: string[] = [];
  const edits = rnd.pick([1, 1, 1, 2, 2, 3]);
  for (let tries = 0; done.length < edits && tries < 20; tries += 1) {
    const [, operator] = pickWeighted(operators, rnd);
    const result = operator(bytes, rnd);
    if (!result) continue;
    bytes = result.bytes;
    done.push(result.what);
  }
  return { bytes, what: done.join('; ') || 'none (no operator applied)' };
}

/** An item drawn with the probability its weight gives it. */
export function pickWeighted<T>(items: ReadonlyArray<readonly [number, T]>, rnd: Random): readonly [number, T] {
  let at = rnd.next() * items.reduce((sum, [weight]) => sum + weight, 0);
  for (const item of items) if ((at -= item[0]) < 0) return item;
  return items[0]!;
}

/** `bytes` with [from, to) replaced by `insert`. */
export function splice(bytes: Buffer, from: number, to: number, insert: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([bytes.subarray(0, from), insert, bytes.subarray(to)]);
}

/** A value near `value` or on an edge: what a damaged size or count field holds. */
export function nearOrEdge(value: number, max: number, rnd: Random): number {
  const choices = [0, 1, value - 1, value + 1, value * 2, Math.floor(value / 2), max, max - 1, rnd.int(max + 1), ...INTERESTING];
  return Math.min(max, Math.max(0, rnd.pick(choices)));
}

/** Plain byte edits, blind to the format: cuts, overwrites, edge values, copies, garbage. */
export const BYTE_OPERATORS: Operators = [
  [2, (b, rnd) => {
    const at = rnd.int(b.length + 1);
    return { bytes: b.subarray(0, at), what: `cut to ${at} of ${b.length} bytes` };
  }],
  [2, (b, rnd) => {
    const copy = Buffer.from(b);
    const n = rnd.between(1, 8);
    for (let i = 0; i < n && copy.length > 0; i += 1) copy[rnd.int(copy.length)] = rnd.int(256);
    return { bytes: copy, what: `${n} random bytes overwritten` };
  }],
  [1, (b, rnd) => {
    if (b.length === 0) return undefined;
    const copy = Buffer.from(b);
    const at = rnd.int(copy.length);
    copy[at]! ^= 1 << rnd.int(8);
    return { bytes: copy, what: `a bit flipped at byte ${at}` };
  }],
  [1, (b, rnd) => {
    if (b.length < 4) return undefined;
    const copy = Buffer.from(b);
    const at = rnd.int(Math.floor(b.length / 4)) * 4;
    const value = rnd.pick(INTERESTING) >>> 0;
    copy.writeUInt32LE(value, at);
    return { bytes: copy, what: `32-bit ${value} written at byte ${at}` };
  }],
  [1, (b, rnd) => {
    if (b.length < 2) return undefined;
    const copy = Buffer.from(b);
    const at = rnd.int(Math.floor(b.length / 2)) * 2;
    const value = rnd.pick(INTERESTING) & 0xffff;
    copy.writeUInt16LE(value, at);
    return { bytes: copy, what: `16-bit ${value} written at byte ${at}` };
  }],
  [1, (b, rnd) => {
    const from = rnd.int(b.length + 1);
    const to = Math.min(b.length, from + rnd.int(256));
    return { bytes: splice(b, to, to, b.subarray(from, to)), what: `bytes ${from}-${to} repeated` };
  }],
  [1, (b, rnd) => {
    const at = rnd.int(b.length + 1);
    const n = rnd.between(1, 64);
    return { bytes: splice(b, at, at, rnd.bytes(n)), what: `${n} random bytes inserted at byte ${at}` };
  }],
  [1, (b, rnd) => {
    const n = rnd.between(1, 64);
    return { bytes: Buffer.concat([b, rnd.bytes(n)]), what: `${n} random bytes appended` };
  }],
];
