/**
 * Shill-proofness as a number: the seller's best expected gain from shill bids of ANY number and placement,
 * the smallest bond that removes it (f*), and a verdict.
 *
 * Model. n honest bidders with i.i.d. values ~ F bid truthfully in a second-price auction with public reserve
 * r ≥ lo. The lot is worth L to the seller when it is not sold (default 0, the value Myerson's reserve
 * assumes; the reserve consistent with a value L solves φ(r) = L). Before bids are opened the seller commits a
 * grid of shills s₁ < … < s_k > r, each forfeiting the bond f if unopened. It opens last, after every honest
 * opening, so it knows the top bid B1 = x and the runner-up B2 = y. Its options then:
 *  - sale: open every shill ≤ x (each loses and is refunded in full, so this is free) and withhold the m shills
 *    above x (opening one would win). Price max(y, ℓ) with ℓ = max(r, largest shill ≤ x); payoff max(y, ℓ) − m·f;
 *  - veto: open a shill above x; it wins, pays itself, and the seller keeps the lot: payoff L, no bond lost.
 * Honest play pays max(y, r) when x ≥ r. Below the reserve nothing sells either way (gain 0). Per auction
 *   gain(x, y) = max(max(y, ℓ) − m·f, L) − max(y, r)          for x ≥ r,
 * which only depends on the grid through (ℓ, m): the grid point just below x and the count above it.
 *
 * Closed form per segment. Between consecutive grid points a ≤ x < b, ℓ = a and m are fixed. Given B1 = x,
 * B2 has cdf G(y)/G(x) with G = F^(n−1), and B1 has density n·G·f, so the segment contributes
 *   n ∫_a^b Ψ(x) dF(x),  Ψ(x) = ∫_lo^x ψ(y) dG(y),  ψ = sale-or-veto − honest.
 * With v₀ = max(ℓ − m·f, L) (the payoff when y < ℓ) and τ = max(L + m·f, ℓ) (above τ the seller sells):
 *   x ≤ τ:  Ψ = (v₀ − L)·G(ℓ) − J(r) + L·G(x) − (x·G(x) − J(x))
 *   x ≥ τ:  Ψ = (v₀ − L)·G(ℓ) + (L + m·f − τ)·G(τ) + J(τ) − J(r) − m·f·G(x)
 * using ∫y dG = yG − J, J = ∫F^(n−1), K = ∫F^n. Each term has an exact antiderivative in dF:
 *   ∫dF = F,  ∫G dF = F^n/n,  ∫(xG − J) dF = x·F^n/n − K/n − J·F + K,
 * so a segment costs a handful of table look-ups and the only quadrature is the one behind J and K.
 *
 * Optimal grid. The expected gain is a sum over segments, each depending on its lower end and on how many
 * points lie above it, so the best grid of any size is a dynamic programme over candidate positions
 * (quantiles, refined geometrically next to the reserve and in the tail):
 *   W₀(i) = seg(i, hi, 0),  W_m(i) = max_{j > i} seg(i, j, m) + W_{m−1}(j),  best = max(0, max_m W_m(r)),
 * exact over every subset of the candidates (O(N³/6) segments). More points let the seller set the price
 * closer to B1 (at f = 0 a dense grid takes all of B1 − max(B2, r)); each point above B1 costs f.
 *
 * f*. The best gain is the maximum over grids of functions non-increasing in f, so it is non-increasing and
 * f* is found by bisection. The DP approaches from below near the reserve (the critical shill sits at r + ε),
 * so the exact first-order bound is a floor: a shill at r + ε gains ε·n·F(r)^(n−1)·[(1 − F(r)) − f(r)·min(f, r − L)]
 * + O(ε²), so f* ≥ (1 − F(r))/f(r), and f* = ∞ when (1 − F(r))/f(r) > r − L (a veto is then a cheap hidden
 * reserve). At the optimal reserve (1 − F(r*))/f(r*) = r*.
 *
 * Against Ferreira–Weinberg's DRA: for MHR values the inverse hazard (1 − F)/f is non-increasing, so above r*
 * no point gains more per unit of risked bond than the one at r*: f* = r* (uniform[0, 1]: 1/2, exponential(λ):
 * 1/λ), the DRA's collateral. For α-strongly-regular values (φ' ≥ α, e.g. Lomax with α = 1 − 1/a) the inverse
 * hazard grows, a shill near the likely top bid Q(1 − 1/n) pays more, and f* > r* grows with n: the DRA's
 * "larger collateral" for that class.
 *
 * First price: the winner pays its own bid, so no shill raises a price. The only lever is the veto, worth
 * E[(L − b(B1))⁺] (0 when L ≤ r, since every winning bid is ≥ r): shill-proof whatever the bond.
 */
import type { Format } from "../auction.js";
import type { Distribution } from "./distributions.js";
import { optimalReserve } from "./myerson.js";
import { integrateProbability } from "./numeric.js";
import { powerIntegrals, type PowerIntegrals } from "./order-statistics.js";
import { firstPriceBid } from "./revenue.js";

export interface ShillProofOptions {
  /** Public reserve (default: the optimal reserve for this distribution and n). */
  reserve?: number;
  /** The lot's value to the seller when it keeps it (default 0). */
  lotValue?: number;
  /** Candidate shill positions before refinement (default 96; about 130 positions in all). */
  resolution?: number;
}

/** Everything about (distribution, n, reserve, lot value) the DP reuses: candidate positions and tables. */
export interface ShillGridModel {
  readonly dist: Distribution;
  readonly bidders: number;
  readonly reserve: number;
  readonly lotValue: number;
  /** Index 0 = the reserve (no shill), 1..N = candidate shill amounts, N + 1 = the top of the support. */
  readonly positions: Float64Array;
}

interface Tables extends ShillGridModel {
  readonly integrals: PowerIntegrals;
  readonly F: Float64Array;
  readonly Fn: Float64Array;
  readonly G: Float64Array;
  readonly J: Float64Array;
  /** x·F^n/n − K/n − J·F + K: the antiderivative of (x·G − J) dF (NaN at an infinite end, never needed). */
  readonly IC: Float64Array;
}

interface Point {
  x: number;
  F: number;
  Fn: number;
  G: number;
  J: number;
  IC: number;
}

function point(dist: Distribution, n: number, integrals: PowerIntegrals, x: number): Point {
  const F = x >= dist.hi ? 1 : x <= dist.lo ? 0 : dist.cdf(x);
  const Fn = F ** n;
  const J = x === Infinity ? Infinity : integrals.J(x);
  const K = x === Infinity ? Infinity : integrals.K(x);
  return { x, F, Fn, G: F ** (n - 1), J, IC: x === Infinity ? NaN : (x * Fn) / n - K / n - J * F + K };
}

/** Candidate positions: quantile levels above F(r), with 20 halvings towards r and 12 towards the top. */
function candidatePositions(dist: Distribution, reserve: number, resolution: number): number[] {
  const u0 = reserve <= dist.lo ? 0 : dist.cdf(reserve);
  const fractions: number[] = [];
  for (let j = 20; j >= 1; j--) fractions.push(2 ** -j / resolution);
  for (let i = 1; i < resolution; i++) fractions.push(i / resolution);
  for (let j = 1; j <= 12; j++) fractions.push(1 - 2 ** -j / resolution);
  const positions: number[] = [];
  for (const fraction of fractions) {
    const x = dist.quantile(u0 + (1 - u0) * fraction);
    if (x > reserve && x < dist.hi && Number.isFinite(x) && (positions.length === 0 || x > positions[positions.length - 1])) positions.push(x);
  }
  return positions;
}

export function shillGridModel(dist: Distribution, bidders: number, options: ShillProofOptions = {}): ShillGridModel {
  if (!Number.isInteger(bidders) || bidders < 1) throw new Error(`bidders must be a positive integer, got ${bidders}`);
  const reserve = Math.max(dist.lo, options.reserve ?? optimalReserve(dist, bidders).reserve);
  const lotValue = options.lotValue ?? 0;
  const resolution = options.resolution ?? 96;
  if (!(reserve >= 0) || !Number.isFinite(reserve)) throw new Error(`reserve must be a finite number ≥ 0, got ${reserve}`);
  if (!(lotValue >= 0) || !Number.isFinite(lotValue)) throw new Error(`lot value must be a finite number ≥ 0, got ${lotValue}`);
  if (!Number.isInteger(resolution) || resolution < 4) throw new Error(`resolution must be an integer ≥ 4, got ${resolution}`);
  const integrals = powerIntegrals(dist, bidders);
  const xs = reserve >= dist.hi ? [reserve, dist.hi] : [reserve, ...candidatePositions(dist, reserve, resolution), dist.hi];
  const points = xs.map((x) => point(dist, bidders, integrals, x));
  const column = (key: keyof Point) => Float64Array.from(points, (p) => p[key]);
  const tables: Tables = {
    dist, bidders, reserve, lotValue, integrals,
    positions: Float64Array.from(xs), F: column("F"), Fn: column("Fn"), G: column("G"), J: column("J"), IC: column("IC"),
  };
  return tables;
}

/** The seller's best grid at one bond: expected gain per auction (≥ 0; 0 = no shills) and its amounts. */
export interface ShillGrid {
  bond: number;
  gain: number;
  amounts: number[];
}

/** Expected gain of the segment B1 ∈ [positions[i], positions[j]) when ℓ = positions[i] and m points lie above. */
function segment(t: Tables, i: number, j: number, m: number, bond: number, tau: Point): number {
  const n = t.bidders;
  const L = t.lotValue;
  const l = t.positions[i];
  const end = t.positions[j];
  const withheld = m * bond;
  const v0 = Math.max(l - withheld, L);
  const base = (v0 - L) * t.G[i] - t.J[0];
  let value = 0;
  // Piece 1, x ∈ [l, min(end, τ)): the seller vetoes whenever y < τ.
  const splitAtTau = tau.x > l && tau.x < end;
  if (tau.x > l) {
    const F1 = splitAtTau ? tau.F : t.F[j];
    const Fn1 = splitAtTau ? tau.Fn : t.Fn[j];
    const IC1 = splitAtTau ? tau.IC : t.IC[j];
    value += n * base * (F1 - t.F[i]) + L * (Fn1 - t.Fn[i]) - n * (IC1 - t.IC[i]);
  }
  // Piece 2, x ∈ [max(l, τ), end): the seller sells, withholding m shills, whenever y ≥ τ.
  if (tau.x < end) {
    const top = tau.x > l ? tau : null;
    const Ftop = top ? top.F : t.F[i];
    const Fntop = top ? top.Fn : t.Fn[i];
    const A = top ? base + (L + withheld - top.x) * top.G + top.J : base + (L + withheld - l) * t.G[i] + t.J[i];
    value += n * A * (t.F[j] - Ftop) - withheld * (t.Fn[j] - Fntop);
  }
  return value;
}

/**
 * Best grid of any size over the model's candidate positions (dynamic programme in the module comment).
 * `maxShills` caps the grid size (default: every candidate).
 */
export function bestShillGrid(model: ShillGridModel, bond: number, maxShills = Infinity): ShillGrid {
  if (!(bond >= 0)) throw new Error(`bond must be ≥ 0, got ${bond}`);
  const t = model as Tables;
  const N = t.positions.length - 2; // candidates 1..N, end N + 1
  const empty: ShillGrid = { bond, gain: 0, amounts: [] };
  if (N < 1) return empty;
  const last = N + 1;
  let previous = new Float64Array(N + 2).fill(-Infinity);
  const noneWithheld = point(t.dist, t.bidders, t.integrals, t.lotValue);
  for (let i = 0; i <= N; i++) previous[i] = segment(t, i, last, 0, bond, noneWithheld);
  const choices: Int32Array[] = [];
  let best = 0;
  let bestM = 0;
  const M = Math.min(N, maxShills);
  for (let m = 1; m <= M; m++) {
    const tau = point(t.dist, t.bidders, t.integrals, t.lotValue + m * bond);
    const current = new Float64Array(N + 2).fill(-Infinity);
    const choice = new Int32Array(N + 2).fill(-1);
    // W_m(i) needs m candidates above i; W_{m−1}(j) needs m − 1 above j.
    for (let i = 0; i <= N - m; i++) {
      let value = -Infinity;
      let arg = -1;
      for (let j = i + 1; j <= N - m + 1; j++) {
        const v = segment(t, i, j, m, bond, tau) + previous[j];
        if (v > value) {
          value = v;
          arg = j;
        }
      }
      current[i] = value;
      choice[i] = arg;
    }
    choices.push(choice);
    if (current[0] > best) {
      best = current[0];
      bestM = m;
    }
    previous = current;
  }
  if (bestM === 0) return empty;
  const amounts: number[] = [];
  for (let m = bestM, i = 0; m >= 1; m--) {
    i = choices[m - 1][i];
    amounts.push(t.positions[i]);
  }
  return { bond, gain: best, amounts };
}

/** (1 − F(r))/f(r) when a shill just above the reserve has a first-order effect (F(r) > 0 or n = 1), else 0. */
function marginalBond(model: ShillGridModel): number {
  const { dist, bidders, reserve } = model;
  if (reserve >= dist.hi) return 0;
  const density = dist.pdf(reserve);
  const weight = (reserve <= dist.lo ? (bidders === 1 ? 1 : 0) : dist.cdf(reserve) ** (bidders - 1)) * density;
  return weight > 0 ? dist.survival(reserve) / density : 0;
}

/**
 * f*: the smallest bond at which no grid gains (up to 1e-12 of the scale), by bisection to 1e-7 relative,
 * floored by the exact marginal bound; Infinity when no bond suffices (a veto works as a hidden reserve).
 */
export function shillProofBond(model: ShillGridModel): number {
  const { dist, reserve, lotValue } = model;
  if (reserve >= dist.hi) return 0;
  const marginal = marginalBond(model);
  // 1e-6: a grid-searched (irregular) optimal reserve satisfies φ(r) = 0 only to about that precision.
  if (marginal > 0 && marginal > (reserve - lotValue) * (1 + 1e-6)) return Infinity;
  const positions = model.positions;
  const tolerance = 1e-12 * Math.max(dist.mean, reserve, 1e-12);
  const gains = (bond: number) => bestShillGrid(model, bond).gain > tolerance;
  if (!gains(marginal)) return marginal;
  // Above the highest candidate every withheld shill costs more than any sale it could protect, so the
  // seller vetoes instead and larger bonds change nothing.
  const high0 = Math.max(positions[positions.length - 2] ?? 0, marginal) * 2 + lotValue;
  if (gains(high0)) return Infinity;
  let low = marginal;
  let high = high0;
  while (high - low > 1e-7 * high) {
    const middle = (low + high) / 2;
    if (gains(middle)) low = middle;
    else high = middle;
  }
  return high;
}

/** E[(L − b(B1))⁺; B1 ≥ r] in first price: what a veto is worth (0 when L ≤ r). */
function firstPriceVetoGain(dist: Distribution, bidders: number, reserve: number, lotValue: number): number {
  if (lotValue <= reserve || reserve >= dist.hi) return 0;
  const bid = firstPriceBid(dist, bidders, reserve);
  const u0 = reserve <= dist.lo ? 0 : dist.cdf(reserve);
  return integrateProbability(u0, (u) => Math.max(0, lotValue - bid(dist.quantile(u))) * bidders * u ** (bidders - 1));
}

export type ShillProofVerdict = "shill-proof" | "not shill-proof";

export interface ShillProof {
  format: Format;
  reserve: number;
  bond: number;
  lotValue: number;
  /** The seller's best expected gain per auction from shills of any number and placement (≥ 0). */
  bestShillGain: number;
  /** Smallest bond with bestShillGain = 0 (0 for first price when L ≤ r; Infinity when no bond suffices). */
  shillProofBond: number;
  verdict: ShillProofVerdict;
  /** The best grid's amounts at this bond (empty when shilling does not pay). */
  grid: number[];
  /** One paragraph for bidders: the verdict, why, and the veto. */
  explanation: string;
}

export interface ShillProofInput extends ShillProofOptions {
  dist: Distribution;
  bidders: number;
  format: Format;
  bond: number;
}

const fmt = (x: number) => (!Number.isFinite(x) ? (x > 0 ? "∞" : String(x)) : x === 0 ? "0" : String(Number(x.toPrecision(4))));

// Bisection runs ~40 DPs; the app asks on every keystroke with the same distribution, so keep f* per model.
const bondCache = new Map<string, number>();
const modelCache = new Map<string, ShillGridModel>();
const distIds = new WeakMap<Distribution, number>();
let nextDistId = 0;

/** Parametric distributions are identified by their label (the app re-parses on every keystroke); samples by object. */
function distKey(dist: Distribution): string {
  if (dist.kind !== "samples") return dist.label;
  let id = distIds.get(dist);
  if (id === undefined) distIds.set(dist, (id = nextDistId++));
  return `samples#${id}`;
}

let cacheMisses = 0;
/** How many shill models and bonds have been computed rather than found in the cache (tests check the cache with it). */
export function shillCacheMisses(): number {
  return cacheMisses;
}

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    cacheMisses += 1;
    value = make();
    if (cache.size >= 256) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  }
  return value;
}

/**
 * The verdict for one auction's settings. Second price: the DP's best gain at `bond` and f* (memoised per
 * distribution, n, reserve, lot value, resolution). First price: the veto's value, shill-proof when L ≤ r.
 */
export function shillProof(input: ShillProofInput): ShillProof {
  const { dist, bidders, format, bond } = input;
  if (!(bond >= 0) || !Number.isFinite(bond)) throw new Error(`bond must be a finite number ≥ 0, got ${bond}`);
  const lotValue = input.lotValue ?? 0;
  const reserve = Math.max(dist.lo, input.reserve ?? optimalReserve(dist, bidders).reserve);
  const key = `${distKey(dist)}|${bidders}|${reserve}|${lotValue}|${input.resolution ?? 96}`;
  const veto = `A shill opened above the top bid wins and keeps the lot: a veto that burns no bond (its deposit is only locked until settlement); ` +
    (lotValue <= reserve
      ? `with the lot worth ${fmt(lotValue)} ≤ the reserve to the seller it never pays once the bids are seen.`
      : `with the lot worth ${fmt(lotValue)} > the reserve to the seller it pays whenever the sale would fetch less.`);
  if (format === "first-price") {
    const gain = firstPriceVetoGain(dist, bidders, reserve, lotValue);
    const proof = gain <= 1e-12 * Math.max(dist.mean, 1e-12);
    return {
      format, reserve, bond, lotValue, bestShillGain: proof ? 0 : gain, shillProofBond: proof ? 0 : Infinity,
      verdict: proof ? "shill-proof" : "not shill-proof", grid: [],
      explanation: `First price: the winner pays its own bid, so no shill can raise the price, whatever the bond. ${veto}`,
    };
  }
  const model = remember(modelCache, key, () => shillGridModel(dist, bidders, { ...input, reserve, lotValue }));
  const fStar = remember(bondCache, key, () => shillProofBond(model));
  const best = bestShillGrid(model, bond);
  // Below f* by less than the grid resolves, the gain is second order: report the verdict f* gives.
  const proof = bond >= fStar * (1 - 1e-9);
  const gain = proof ? 0 : best.gain;
  const explanation = proof
    ? `Second price at reserve ${fmt(reserve)} with bond ${fmt(bond)} ≥ the shill-proof bond ${fmt(fStar)}: no set of shills, of any size or placement, ` +
      `opened after seeing the bids, raises the seller's expected revenue. ${veto}`
    : `Second price at reserve ${fmt(reserve)} with bond ${fmt(bond)}: shills below the top bid are refunded in full and only those above it forfeit a bond, ` +
      `so the seller's best grid (${best.amounts.length} shill${best.amounts.length === 1 ? "" : "s"}) gains ${fmt(gain)} per auction. ` +
      (Number.isFinite(fStar)
        ? `A bond of at least ${fmt(fStar)} removes the gain. `
        : `No bond removes it at this reserve: a shill the seller opens when bids disappoint works as a higher hidden reserve; a public reserve near the optimal one is needed. `) +
      veto;
  return {
    format, reserve, bond, lotValue, bestShillGain: gain, shillProofBond: fStar,
    verdict: proof ? "shill-proof" : "not shill-proof", grid: proof ? [] : best.amounts, explanation,
  };
}

/** The credible defaults for a distribution and n: second price, the optimal reserve, its shill-proof bond. */
export function credibleDefaults(input: { dist: Distribution; bidders: number; lotValue?: number; resolution?: number }): {
  format: "second-price";
  reserve: number;
  bond: number;
} {
  const reserve = Math.max(input.dist.lo, optimalReserve(input.dist, input.bidders).reserve);
  const key = `${distKey(input.dist)}|${input.bidders}|${reserve}|${input.lotValue ?? 0}|${input.resolution ?? 96}`;
  const model = remember(modelCache, key, () => shillGridModel(input.dist, input.bidders, { ...input, reserve }));
  return { format: "second-price", reserve, bond: remember(bondCache, key, () => shillProofBond(model)) };
}
