/**
 * Cumulative integrals of powers of the cdf, the building blocks of every closed form in the lab:
 *   J(x) = ∫_lo^x F(t)^(n−1) dt   (the highest of the other n − 1 values: E[max(r, Y) | Y < v] etc.)
 *   K(x) = ∫_lo^x F(t)^n dt       (the highest of all n values)
 * tabulated once per (distribution, n) at quantile-spaced nodes and completed inside a panel by quadrature.
 */
import type { Distribution } from "./distributions.js";
import { integratePanel, quantileNodes } from "./numeric.js";

export interface PowerIntegrals {
  readonly bidders: number;
  /** ∫_lo^x F^(n−1). */
  J(x: number): number;
  /** ∫_lo^x F^n. */
  K(x: number): number;
}

const cache = new WeakMap<Distribution, Map<number, PowerIntegrals>>();

/** J and K for `bidders` = n (memoised per distribution object; the result depends only on its inputs). */
export function powerIntegrals(dist: Distribution, bidders: number): PowerIntegrals {
  let byBidders = cache.get(dist);
  if (byBidders === undefined) {
    byBidders = new Map();
    cache.set(dist, byBidders);
  }
  let tables = byBidders.get(bidders);
  if (tables === undefined) {
    tables = buildPowerIntegrals(dist, bidders);
    byBidders.set(bidders, tables);
  }
  return tables;
}

function buildPowerIntegrals(dist: Distribution, n: number): PowerIntegrals {
  const nodes = quantileNodes(dist, dist.lo, 512);
  const powerJ = (x: number) => dist.cdf(x) ** (n - 1);
  const powerK = (x: number) => dist.cdf(x) ** n;
  const cumulativeJ = new Float64Array(nodes.length);
  const cumulativeK = new Float64Array(nodes.length);
  for (let i = 1; i < nodes.length; i++) {
    cumulativeJ[i] = cumulativeJ[i - 1] + integratePanel(powerJ, nodes[i - 1], nodes[i]);
    cumulativeK[i] = cumulativeK[i - 1] + integratePanel(powerK, nodes[i - 1], nodes[i]);
  }
  // Index of the last node ≤ x.
  const panelOf = (x: number) => {
    let a = 0;
    let b = nodes.length - 1;
    if (x >= nodes[b]) return b;
    while (b - a > 1) {
      const middle = (a + b) >> 1;
      if (nodes[middle] <= x) a = middle;
      else b = middle;
    }
    return a;
  };
  const cumulative = (table: Float64Array, power: (x: number) => number) => (x: number) => {
    if (x <= dist.lo) return 0;
    if (x === Infinity) return Infinity;
    const i = panelOf(x);
    return x === nodes[i] ? table[i] : table[i] + integratePanel(power, nodes[i], x);
  };
  return { bidders: n, J: cumulative(cumulativeJ, powerJ), K: cumulative(cumulativeK, powerK) };
}
