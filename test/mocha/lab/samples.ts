/** Seeded samples shared by the lab tests (no tests here). */
import { createRng, normalQuantile } from "../../../lib/lab/index.js";

/** A bimodal sample: half around 1.5, half around 5 (sd 0.3). */
export function bimodalSample(count: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => (i % 2 ? 1.5 : 5) + 0.3 * normalQuantile(rng()));
}

/** Exponential(2) values. */
export function exponentialSample(count: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => -Math.log(rng()) / 2);
}
