/** Myerson's virtual value φ(r) = r − (1 − F(r))/f(r): the marginal revenue of selling to value r. */
import type { Distribution } from "./distributions.js";

export function virtualValue(dist: Distribution, x: number): number {
  const survival = dist.survival(x);
  if (survival <= 0) return x; // at or above the top of the support nothing is left to price out
  const density = dist.pdf(x);
  return density > 0 ? x - survival / density : -Infinity; // a gap in the support: no marginal revenue
}
