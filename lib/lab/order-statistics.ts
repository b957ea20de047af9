/**
 * Cumulative integrals of powers of the cdf, the building blocks of every closed form in the lab:
 *   J(x) = ∫_lo^x F(t)^(n−1) dt   (the highest of the other n − 1 values: E[max(r, Y) | Y < v] etc.)
 *   K(x) = ∫_lo^x F(t)^n dt       (the highest of all n values)
 * tabulated once per (distribution, n) at quantile-spaced nodes and completed inside a panel by quadrature.
 * For k units the k-th highest value replaces the highest: binomial probabilities of how many values lie
 * above x, and W(x) = ∫_lo^x P(fewer than k of the other n − 1 values exceed t) dt, which is J at k = 1.
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
  const powerJ = (x: number) => dist.cdf(x) ** (n - 1);
  const powerK = (x: number) => dist.cdf(x) ** n;
  return { bidders: n, J: cumulativeIntegral(dist, powerJ), K: cumulativeIntegral(dist, powerK) };
}

/** x ↦ ∫_lo^x g for a g bounded by 1, tabulated at quantile-spaced nodes and completed by quadrature. */
function cumulativeIntegral(dist: Distribution, g: (x: number) => number): (x: number) => number {
  const nodes = quantileNodes(dist, dist.lo, 512);
  const table = new Float64Array(nodes.length);
  for (let i = 1; i < nodes.length; i++) table[i] = table[i - 1] + integratePanel(g, nodes[i - 1], nodes[i]);
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
  return (x: number) => {
    if (x <= dist.lo) return 0;
    if (x === Infinity) return Infinity;
    const i = panelOf(x);
    return x === nodes[i] ? table[i] : table[i] + integratePanel(g, nodes[i], x);
  };
}

/**
 * C(m, i)·above^i·below^(m−i): the probability that exactly i of m values lie above x, given F(x) = below and
 * 1 − F(x) = above (passed separately so the upper tail keeps its precision). In logs, since below^m
 * underflows for a thousand bidders.
 */
export function binomialTerm(m: number, i: number, below: number, above: number): number {
  if (i < 0 || i > m) return 0;
  if (i === 0) return below ** m;
  if (i === m) return above ** m;
  if (below <= 0 || above <= 0) return 0;
  return Math.exp(logChoose(m, i) + i * Math.log(above) + (m - i) * Math.log(below));
}

const logFactorials: number[] = [0];
let logFactorialCarry = 0;

/**
 * ln C(m, i), from a table of ln j! grown on demand (m ≤ a few thousand here). Compensated (Kahan) summation:
 * a plain running sum of a thousand logarithms drifts by ~1e-12, which exp would turn into relative error.
 */
function logChoose(m: number, i: number): number {
  for (let j = logFactorials.length; j <= m; j++) {
    const sum = logFactorials[j - 1];
    const term = Math.log(j) - logFactorialCarry;
    const next = sum + term;
    logFactorialCarry = next - sum - term;
    logFactorials.push(next);
  }
  return logFactorials[m] - logFactorials[i] - logFactorials[m - i];
}

/**
 * Σ_{i=from..to} weight(i)·P(X = i), X ~ Binomial(m, above). Starts at the range's largest term (the mode,
 * clamped) and walks outwards by the ratio of consecutive terms until they fall below 1e-18 of the mass summed,
 * so a thousand bidders cost a few hundred multiplications, not a thousand logarithms.
 */
function binomialRange(m: number, from: number, to: number, below: number, above: number, weight?: (i: number) => number): number {
  if (from > to) return 0;
  const w = weight ?? (() => 1);
  if (above <= 0) return from <= 0 ? w(0) : 0;
  if (below <= 0) return to >= m ? w(m) : 0;
  const start = Math.min(to, Math.max(from, Math.floor((m + 1) * above)));
  const first = binomialTerm(m, start, below, above);
  if (first === 0) return 0;
  const ratio = above / below;
  let mass = first;
  let sum = w(start) * first;
  for (let i = start, term = first; i < to; i++) {
    term *= ((m - i) / (i + 1)) * ratio;
    mass += term;
    sum += w(i + 1) * term;
    if (term < 1e-18 * mass) break;
  }
  for (let i = start, term = first; i > from; i--) {
    term *= (i / (m - i + 1)) / ratio;
    mass += term;
    sum += w(i - 1) * term;
    if (term < 1e-18 * mass) break;
  }
  return sum;
}

/**
 * P(at most j of m values lie above x), summing the shorter side of the binomial. j = 0 is below^m exactly, the
 * single-item case.
 */
export function atMostAbove(m: number, j: number, below: number, above: number): number {
  if (j >= m) return 1;
  if (j < 0) return 0;
  if (j === 0) return below ** m;
  if (j + 1 <= m - j) return Math.min(1, binomialRange(m, 0, j, below, above));
  return Math.max(0, 1 - binomialRange(m, j + 1, m, below, above));
}

/** P(more than j of m values lie above x) = 1 − atMostAbove, summed directly when that side is shorter. */
export function moreThanAbove(m: number, j: number, below: number, above: number): number {
  if (j >= m) return 0;
  if (j < 0) return 1;
  if (j + 1 <= m - j) return Math.max(0, 1 - atMostAbove(m, j, below, above));
  return Math.min(1, binomialRange(m, j + 1, m, below, above));
}

/** E[min(X, k)] for X the number of m values above x (the units sold, or welfare's count of top values). */
export function expectedMinimumAbove(m: number, k: number, below: number, above: number): number {
  if (k >= m) return m * above;
  // k − Σ_{i<k} (k − i)·P(X = i), or E[X] − Σ_{i>k} (i − k)·P(X = i): the shorter sum.
  if (k <= m - k) return Math.max(0, k - binomialRange(m, 0, k - 1, below, above, (i) => k - i));
  return Math.max(0, m * above - binomialRange(m, k + 1, m, below, above, (i) => i - k));
}

/** P(a bidder with value x beats the k-th highest of the other n − 1 values) as a function of F(x) = u. */
export function unitWinProbability(bidders: number, units: number, u: number, survival = 1 - u): number {
  return atMostAbove(bidders - 1, units - 1, u, survival);
}

const winCache = new WeakMap<Distribution, Map<string, (x: number) => number>>();

/**
 * W(x) = ∫_lo^x P(fewer than k of the other n − 1 values exceed t) dt (memoised per distribution); J at k = 1.
 */
export function unitWinIntegral(dist: Distribution, bidders: number, units: number): (x: number) => number {
  if (units === 1) return powerIntegrals(dist, bidders).J;
  let byKey = winCache.get(dist);
  if (byKey === undefined) {
    byKey = new Map();
    winCache.set(dist, byKey);
  }
  const key = `${bidders}|${units}`;
  let table = byKey.get(key);
  if (table === undefined) {
    table = cumulativeIntegral(dist, (x) => unitWinProbability(bidders, units, dist.cdf(x), dist.survival(x)));
    byKey.set(key, table);
  }
  return table;
}
