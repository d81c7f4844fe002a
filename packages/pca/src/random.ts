/**
 * Fills `target` with standard normal float32 values from a seeded generator: Marsaglia's
 * xorshift128 integers (state seeded through the murmur3 finalizer) turned into normals by the
 * Box-Muller transform. The same seed gives the same values wherever Math.log, Math.cos and
 * Math.sin round alike (V8 computes them with its own fdlibm port on every platform).
 */
export function fillStandardNormal(target: Float32Array, seed: number): void {
  const state = new Uint32Array(4);
  let mix = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }

  const nextUniform = (): number => {
    let s1 = state[0]!;
    const s0 = state[3]!;
    state[0] = state[1]!;
    state[1] = state[2]!;
    state[2] = s0;
    s1 ^= s1 << 11;
    s1 ^= s1 >>> 8;
    state[3] = (s1 ^ s0 ^ (s0 >>> 19)) >>> 0;
    return (state[3]! + 0.5) / 4294967296;
  };

  for (let i = 0; i < target.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(nextUniform()));
    const angle = 2 * Math.PI * nextUniform();
    target[i] = radius * Math.cos(angle);
    if (i + 1 < target.length) target[i + 1] = radius * Math.sin(angle);
  }
}
