/** Uniform pseudo-random numbers in [0, 1). */
export type Random = () => number;

/**
 * Creates a mulberry32 generator: 32 bits of state, fast, and the same sequence on every
 * platform for the same seed.
 *
 * @param seed - Any finite number; it is reduced to an unsigned 32-bit integer.
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a standard normal number with the Box-Muller transform. */
export function gaussian(random: Random): number {
  let u = 0;
  while (u === 0) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
