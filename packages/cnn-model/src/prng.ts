/**
 * Returns a seeded generator of 32-bit unsigned integers (mulberry32). The same seed gives the
 * same sequence on every platform, which is all the package needs it for: deriving one
 * initializer seed per layer from the seed the caller gives.
 */
export function createSeededIntegers(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
}
