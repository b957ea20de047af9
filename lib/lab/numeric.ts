/**
 * Quadrature and root finding. Integrals over a distribution's support use panels whose ends are quantiles,
 * so panels are narrow where the probability is and an infinite upper tail is covered by geometrically
 * shrinking tail panels rather than a fixed cut-off.
 */
import type { Distribution } from "./distributions.js";
import { gaussLegendre } from "./special.js";

const GL = gaussLegendre(8);

/** ∫_a^b g by 8-point Gauss–Legendre (exact for polynomials up to degree 15). */
export function integratePanel(g: (x: number) => number, a: number, b: number): number {
  const half = (b - a) / 2;
  const middle = (a + b) / 2;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += GL.weights[i] * g(middle + half * GL.nodes[i]);
  return sum * half;
}

/** Probability levels from u0 to 1: `panels` even steps, then 45 halvings of the last step (the tail). */
export function probabilityLevels(u0: number, panels: number): number[] {
  const levels: number[] = [];
  for (let i = 0; i < panels; i++) levels.push(u0 + ((1 - u0) * i) / panels);
  for (let j = 0; j <= 45; j++) levels.push(u0 + (1 - u0) * (1 - 2 ** -j / panels));
  levels.push(1);
  return levels;
}

/**
 * Increasing finite points x₀ = max(from, lo) < x₁ < … covering [from, hi] (for an infinite hi, up to a
 * point beyond which less than about 1e-15 of the probability lies).
 */
export function quantileNodes(dist: Distribution, from: number, panels = 256): Float64Array {
  const start = Math.max(from, dist.lo);
  const u0 = start <= dist.lo ? 0 : dist.cdf(start);
  const nodes = [start];
  for (const u of probabilityLevels(u0, panels).slice(1)) {
    const x = dist.quantile(u);
    if (Number.isFinite(x) && x > nodes[nodes.length - 1]) nodes.push(x);
  }
  if (dist.hi < Infinity && nodes[nodes.length - 1] < dist.hi) nodes.push(dist.hi);
  return Float64Array.from(nodes);
}

/** ∫ g over consecutive panels between the given nodes. */
export function integrateOverNodes(g: (x: number) => number, nodes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i + 1 < nodes.length; i++) sum += integratePanel(g, nodes[i], nodes[i + 1]);
  return sum;
}

/** ∫_from^hi g(x) dx over the support. */
export function integrateAbove(dist: Distribution, from: number, g: (x: number) => number, panels = 256): number {
  if (from >= dist.hi) return 0;
  return integrateOverNodes(g, quantileNodes(dist, from, panels));
}

/** ∫_u0^1 g(u) du over probability levels (dense near 1 so a quantile-valued g is integrated well). */
export function integrateProbability(u0: number, g: (u: number) => number, panels = 256): number {
  const levels = probabilityLevels(u0, panels);
  let sum = 0;
  for (let i = 0; i + 1 < levels.length; i++) if (levels[i + 1] > levels[i]) sum += integratePanel(g, levels[i], levels[i + 1]);
  return sum;
}

/** A root of f in [a, b] by bisection, given f(a) < 0 ≤ f(b); stops at the resolution of doubles. */
export function bisectRoot(f: (x: number) => number, a: number, b: number): number {
  let low = a;
  let high = b;
  for (let i = 0; i < 200; i++) {
    const middle = low + (high - low) / 2;
    if (middle <= low || middle >= high) break;
    if (f(middle) < 0) low = middle;
    else high = middle;
  }
  return high;
}

/** The maximiser of a unimodal f on [a, b] by golden-section search. */
export function goldenMaximum(f: (x: number) => number, a: number, b: number, iterations = 80): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let low = a;
  let high = b;
  let x1 = high - ratio * (high - low);
  let x2 = low + ratio * (high - low);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < iterations && high - low > 1e-15 * Math.max(1, Math.abs(high)); i++) {
    if (f1 < f2) {
      low = x1;
      x1 = x2;
      f1 = f2;
      x2 = low + ratio * (high - low);
      f2 = f(x2);
    } else {
      high = x2;
      x2 = x1;
      f2 = f1;
      x1 = high - ratio * (high - low);
      f1 = f(x1);
    }
  }
  return f1 >= f2 ? x1 : x2;
}
