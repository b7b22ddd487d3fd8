/** Time in a track as m:ss.cc, to say where a damaged frame lies. */
export function trackTime(frames: number, rate: number): string {
  const seconds = frames / rate;
  return `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(2).padStart(5, '0')}`;
}
