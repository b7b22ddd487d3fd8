/** Amplitude of the sinusoid at `frequency` in `samples` (least-squares fit of sine and cosine). */
export function toneAmplitude(samples: ArrayLike<number>, rate: number, frequency: number): number {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let xs = 0;
  let xc = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const phase = (2 * Math.PI * frequency * i) / rate;
    const s = Math.sin(phase);
    const c = Math.cos(phase);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    xs += samples[i]! * s;
    xc += samples[i]! * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  return Math.hypot(a, b);
}

export function sine(frames: number, rate: number, frequency: number, amplitude: number): Float64Array {
  return Float64Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / rate));
}

export function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}
