/**
 * Seeded pseudo-random numbers: xoshiro128** (32-bit state words, so it runs on plain JS integers with
 * Math.imul) seeded through a splitmix-style mixer, so nearby seeds give unrelated streams.
 */

/** A source of uniform numbers strictly inside (0, 1): quantile functions never see 0 or 1. */
export type Rng = () => number;

const TWO_POW_32 = 2 ** 32;

/** Mixes a 32-bit counter into a well-spread 32-bit word (used only to fill the generator's state). */
function splitmix32(state: { z: number }): number {
  state.z = (state.z + 0x9e3779b9) | 0;
  let t = state.z;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/**
 * A deterministic uniform generator. `seed` may be any integer up to 2^53; `stream` selects an independent
 * sequence for the same seed (e.g. one per simulation row).
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  const mixer = { z: low ^ Math.imul(high, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35) };
  let s0 = splitmix32(mixer);
  let s1 = splitmix32(mixer);
  let s2 = splitmix32(mixer);
  let s3 = splitmix32(mixer);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point
  return () => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    // Centre of the 2^-32 bucket: never exactly 0 or 1.
    return (result + 0.5) / TWO_POW_32;
  };
}
