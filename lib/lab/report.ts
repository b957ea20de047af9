/**
 * The lab's report: for one distribution and number of bidders, revenue and efficiency of second and first
 * price with no reserve and the optimal reserve (simulated with 95% intervals, and exact), the optimal
 * reserve, the recommended bond and Bulow–Klemperer, and with k > 1 units the k-unit section (units.ts). Pure: the CLI only parses arguments and writes files.
 */
import { FORMATS, MAX_UNITS, type Format, type UnitFormat } from "../auction.js";
import { bulowKlemperer, type BulowKlemperer } from "./compare.js";
import { depositTable, type DepositRow } from "./deposits.js";
import type { Distribution } from "./distributions.js";
import { optimalReserve, type OptimalReserve } from "./myerson.js";
import { allocationEfficiency, expectedRevenue } from "./revenue.js";
import { bestShillPlacement, recommendedBond, shillCandidates, shillModel, type BondRecommendation } from "./shill.js";
import { shillProof, type ShillProof, type ShillProofVerdict } from "./shill-proof.js";
import { simulateAuctions, type Estimate } from "./simulate.js";
import { runUnitLab, type UnitLabResult } from "./units.js";

export interface LabOptions {
  bidders: number;
  /** Simulated auctions per row (default 100 000). */
  auctions?: number;
  seed?: number;
  /** Shill analysis: up to this many shills (default 3). */
  maxShills?: number;
  /** Public reserve for the shill-proof verdict (default: the optimal reserve). */
  reserve?: number;
  /** Bond for the shill-proof verdict (default: the recommended bond). */
  bond?: number;
  /** k: units for sale with unit demand (default 1: the single-item report alone). */
  units?: number;
  /** When given: the public vs hidden deposits table (deposits.ts), one row per largest padding. */
  depositPaddings?: number[];
}

export interface LabRow {
  format: Format;
  reserveKind: "none" | "optimal";
  /** 0 for "none" (values are ≥ 0, so it never binds). */
  reserve: number;
  revenue: Estimate;
  exactRevenue: number;
  /** Fraction of simulated auctions won by the highest-value bidder. */
  efficiency: Estimate;
  exactEfficiency: number;
}

export interface LabResult {
  distribution: string;
  bidders: number;
  auctions: number;
  seed: number;
  reserve: OptimalReserve;
  rows: LabRow[];
  shill: BondRecommendation;
  /**
   * Expected seller gain of one shill when the auction has no reserve and the bond is prohibitive (the
   * seller then opens a winning shill whenever the price would be below it): a hidden reserve that no bond
   * removes. Positive whenever the optimal reserve binds.
   */
  hiddenReserveGain: number;
  /** Second price at the chosen reserve and bond against shill grids of any size and placement. */
  shillProof: ShillProof;
  bulowKlemperer: BulowKlemperer;
  /** The k-unit section, present when more than one unit is for sale. */
  units?: UnitLabResult;
  /** Only when depositPaddings was given. */
  deposits?: DepositRow[];
}

/** The CLI's --json output, exactly. */
export interface LabJson {
  optimalReserve: number;
  recommendedBond: number;
  rows: { format: Format; reserve: number; revenue: number; ci95: [number, number]; efficiency: number }[];
  /** shillProofBond is null when no bond suffices (JSON has no Infinity). */
  shillProof: { reserve: number; bond: number; bestShillGain: number; shillProofBond: number | null; verdict: ShillProofVerdict };
  /** k units (only with --units K > 1); shillBond is null when no bond suffices. */
  units?: {
    units: number;
    optimalReserve: number;
    revenueMaximisingReserve: number;
    rows: { format: UnitFormat; reserve: number; revenue: number; ci95: [number, number]; exactRevenue: number; efficiency: number; exactEfficiency: number }[];
    shillBond: number | null;
    singleUnitShillBond: number | null;
    shillGainAtZeroBond: number;
  };
  /** Only with --deposit-padding: first price (no reserve) and second price (the verdict's reserve and bond). */
  deposits?: {
    padding: number; firstPriceHidden: number; firstPricePublic: number; revenueLoss: number; revenueLossCi95: [number, number];
    lateBidderGain: number; informedShillGain: number; blindShillNet: number;
  }[];
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

export function runLab(dist: Distribution, options: LabOptions): LabResult {
  const { bidders } = options;
  const auctions = options.auctions ?? 100_000;
  const seed = options.seed ?? 1;
  const maxShills = options.maxShills ?? 3;
  requireInteger("bidders", bidders, 1, 1000);
  requireInteger("samples (simulated auctions)", auctions, 2, 100_000_000);
  requireInteger("seed", seed, 0, Number.MAX_SAFE_INTEGER);
  requireInteger("shills", maxShills, 1, 8);
  const units = options.units ?? 1;
  requireInteger("units", units, 1, MAX_UNITS);
  for (const [name, value] of [["reserve", options.reserve], ["bond", options.bond]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new Error(`${name} must be a finite number ≥ 0, got ${value}`);
  }
  const reserve = optimalReserve(dist, bidders);
  const rows: LabRow[] = [];
  for (const format of FORMATS) {
    for (const [reserveKind, r] of [["none", 0], ["optimal", reserve.reserve]] as const) {
      // Same seed for every row: common random numbers make the rows' differences less noisy.
      const simulated = simulateAuctions(dist, { bidders, format, reserve: r, auctions, seed });
      rows.push({
        format, reserveKind, reserve: r,
        revenue: simulated.revenue,
        exactRevenue: expectedRevenue(format, dist, bidders, r),
        efficiency: simulated.efficiency,
        exactEfficiency: allocationEfficiency(dist, bidders, r),
      });
    }
  }
  const noReserve = shillModel(dist, bidders, { reserve: 0 });
  const candidates = shillCandidates(noReserve);
  const prohibitiveBond = (candidates[candidates.length - 1] ?? 0) + 1;
  const shill = recommendedBond(dist, bidders, { reserve: reserve.reserve, maxShills });
  // An infinite recommendation (no bond deters) is checked at the largest finite bond that still matters.
  const bond = options.bond ?? (Number.isFinite(shill.bond) ? shill.bond : prohibitiveBond);
  const verdictReserve = options.reserve ?? reserve.reserve;
  const result: LabResult = {
    distribution: dist.label, bidders, auctions, seed, reserve, rows, shill,
    hiddenReserveGain: Math.max(0, bestShillPlacement(noReserve, 1, prohibitiveBond, candidates).net),
    shillProof: shillProof({ dist, bidders, format: "second-price", reserve: verdictReserve, bond }),
    bulowKlemperer: bulowKlemperer(dist, bidders),
    ...(units > 1 ? { units: runUnitLab(dist, { bidders, units, auctions, seed }) } : {}),
  };
  if (options.depositPaddings !== undefined) {
    result.deposits = depositTable(dist, bidders, options.depositPaddings, { auctions, seed, reserve: verdictReserve, bond });
  }
  return result;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

export function labJson(result: LabResult): LabJson {
  return {
    optimalReserve: result.reserve.reserve,
    recommendedBond: result.shill.bond,
    rows: result.rows.map((row) => ({
      format: row.format,
      reserve: row.reserve,
      revenue: row.revenue.mean,
      ci95: [row.revenue.ci95[0], row.revenue.ci95[1]],
      efficiency: row.efficiency.mean,
    })),
    shillProof: {
      reserve: result.shillProof.reserve,
      bond: result.shillProof.bond,
      bestShillGain: result.shillProof.bestShillGain,
      shillProofBond: finiteOrNull(result.shillProof.shillProofBond),
      verdict: result.shillProof.verdict,
    },
    ...(result.units === undefined ? {} : { units: unitJson(result.units) }),
    // A new key only when asked for, so the default JSON is unchanged.
    ...(result.deposits === undefined ? {} : {
      deposits: result.deposits.map((row) => ({
        padding: row.padding,
        firstPriceHidden: row.hiddenRevenue.mean,
        firstPricePublic: row.publicRevenue.mean,
        revenueLoss: row.revenueLoss.mean,
        revenueLossCi95: [row.revenueLoss.ci95[0], row.revenueLoss.ci95[1]] as [number, number],
        lateBidderGain: row.lateGain.mean,
        informedShillGain: row.informedShillGain.mean,
        blindShillNet: row.blindShillNet,
      })),
    }),
  };
}

function unitJson(units: UnitLabResult): NonNullable<LabJson["units"]> {
  return {
    units: units.units,
    optimalReserve: units.reserve,
    revenueMaximisingReserve: units.revenueMaximisingReserve,
    rows: units.rows.map((row) => ({
      format: row.format,
      reserve: row.reserve,
      revenue: row.revenue.mean,
      ci95: [row.revenue.ci95[0], row.revenue.ci95[1]],
      exactRevenue: row.exactRevenue,
      efficiency: row.efficiency,
      exactEfficiency: row.exactEfficiency,
    })),
    shillBond: finiteOrNull(units.shill.bond),
    singleUnitShillBond: finiteOrNull(units.singleUnitBond),
    shillGainAtZeroBond: units.shill.gainAtZeroBond,
  };
}

/** A number with `digits` significant digits, without trailing zeros or exponent noise. */
export function formatNumber(x: number, digits = 5): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "−∞" : "n/a";
  if (x === 0) return "0";
  return String(Number(x.toPrecision(digits)));
}

function table(header: string[], body: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

/** The human-readable report printed by `npm run lab`. */
export function formatLabReport(result: LabResult): string {
  const { reserve, shill, bulowKlemperer: bk } = result;
  const out: string[] = [];
  out.push(`Mechanism lab: ${result.distribution}, ${result.bidders} bidder${result.bidders === 1 ? "" : "s"}, ` +
    `${result.auctions} simulated auctions per row (seed ${result.seed})`);
  out.push(reserve.message);
  out.push(`Optimal reserve: ${formatNumber(reserve.reserve, 6)} (${reserve.method === "virtual-value-root" ? "root of φ(r) = r − (1 − F(r))/f(r)" : "maximises expected revenue"})`);
  out.push("");
  const body = result.rows.map((row) => {
    const half = (row.revenue.ci95[1] - row.revenue.ci95[0]) / 2;
    return [
      row.format,
      row.reserveKind === "none" ? "none" : `optimal ${formatNumber(row.reserve)}`,
      `${row.revenue.mean.toFixed(5)} ± ${half.toFixed(5)}`,
      row.exactRevenue.toFixed(5),
      row.efficiency.mean.toFixed(4),
      row.exactEfficiency.toFixed(4),
    ];
  });
  out.push(...table(["format", "reserve", "revenue (simulated ± 95%)", "exact", "efficiency", "exact"], body));
  out.push("Efficiency = P(the lot goes to the bidder with the highest value); unsold counts as inefficient.");
  out.push("");
  out.push(`Bulow–Klemperer: ${bk.bidders + 1} bidders without reserve ${formatNumber(bk.withExtraBidder)} ` +
    `${bk.holds ? "≥" : "<"} ${bk.bidders} bidders at the optimal reserve ${formatNumber(bk.withOptimalReserve)}` +
    (bk.holds ? "" : " (the theorem assumes a regular distribution)"));
  out.push("");
  out.push(`Shill bids (second price at reserve ${formatNumber(shill.reserve)}, seller opens last, lot worth ${formatNumber(shill.lotValue)} to the seller):`);
  out.push(...table(
    ["shills", "best gain at bond 0", "smallest deterring bond", "best net at recommended bond"],
    shill.rows.map((row) => [
      // Nets within rounding of zero print as 0.
      String(row.k), formatNumber(row.atZeroBond.net), formatNumber(row.deterringBond),
      formatNumber(Math.abs(row.atRecommendedBond.net) < 1e-12 ? 0 : row.atRecommendedBond.net, 3),
    ]),
  ).map((line) => `  ${line}`));
  out.push(`Recommended bond: ${formatNumber(shill.bond)} (smallest bond making selective shill openings unprofitable, up to ${shill.rows.length} shills)`);
  if (result.hiddenReserveGain > 0) {
    out.push(`Without a reserve no bond suffices: a shill the seller always opens is a hidden reserve worth ${formatNumber(result.hiddenReserveGain)} per auction.`);
  }
  const proof = result.shillProof;
  out.push(`Shill-proof (second price, reserve ${formatNumber(proof.reserve)}, bond ${formatNumber(proof.bond)}, shill grids of any size): ` +
    `${proof.verdict.toUpperCase()}; best shill gain ${formatNumber(proof.bestShillGain)} per auction, shill-proof bond ${formatNumber(proof.shillProofBond)}`);
  if (result.units !== undefined) out.push("", ...formatUnitSection(result.units, result.auctions));
  if (result.deposits !== undefined) out.push("", ...formatDeposits(result.deposits, result.bidders));
  return out.join("\n");
}

/** The k-unit section of the report (printed after the single-item one). */
function formatUnitSection(result: UnitLabResult, auctions: number): string[] {
  const { units: k, bidders: n, shill } = result;
  const out: string[] = [];
  out.push(`${k} units, unit demand (each bidder wins at most one), ${n} bidders, ${auctions} simulated auctions per row:`);
  if (k >= n) out.push(`${k} units ≥ ${n} bidders: every bidder at or above the reserve wins, and the uniform price is the reserve.`);
  const body = result.rows.map((row) => {
    const half = (row.revenue.ci95[1] - row.revenue.ci95[0]) / 2;
    return [
      row.format,
      row.reserveKind === "none" ? "none" : `optimal ${formatNumber(row.reserve)}`,
      `${row.revenue.mean.toFixed(5)} ± ${half.toFixed(5)}`,
      row.exactRevenue.toFixed(5),
      row.efficiency.toFixed(4),
      row.exactEfficiency.toFixed(4),
    ];
  });
  out.push(...table(["format", "reserve", "revenue (simulated ± 95%)", "exact", "efficiency", "exact"], body));
  out.push("Efficiency = expected value of the winners / expected value of the k highest values (first best); unsold units count as lost.");
  out.push(k >= n
    ? "Pay-as-bid bids the equilibrium b(v) = r (every bid at or above the reserve wins): the same expected revenue as uniform price."
    : `Pay-as-bid bids the equilibrium b(v) = E[max(r, Y) | Y < v], Y the ${ordinal(k)} highest of the other ${n - 1} values: ` +
      "the same expected revenue as uniform price (revenue equivalence).");
  out.push(`Optimal reserve for ${k} units: ${formatNumber(result.reserve, 6)} (the same as for one unit: with unit demand revenue is the winners' ` +
    `expected virtual value, so every value with φ ≥ 0 should win; maximising uniform-price revenue numerically gives ${formatNumber(result.revenueMaximisingReserve, 6)})`);
  const shillTerms = `Shill bond for ${k} units (uniform price at reserve ${formatNumber(shill.reserve)}, one shill opened or withheld after the bids)`;
  out.push(k > n
    ? `${shillTerms}: 0 (more units than bidders: no bid loses, so there is no price to lift, and a shill only takes an unsold unit)`
    : `${shillTerms}: ${formatNumber(shill.bond)} (one unit: ${formatNumber(result.singleUnitBond)}; first-order bound (1 − F(r))/f(r) = ${formatNumber(shill.marginalBond)} for every k); ` +
      `best gain at bond 0: ${formatNumber(shill.gainAtZeroBond)} per auction` + (shill.gainAtZeroBond > 0 ? ` (shill at ${formatNumber(shill.amountAtZeroBond)})` : ""));
  out.push("Pay-as-bid: a losing shill sets no one's price, so only a winning shill (a unit kept) is left, which does not pay when a unit is worth no more than the reserve to the seller.");
  return out;
}

const ordinal = (k: number) => (k % 100 >= 11 && k % 100 <= 13 ? `${k}th` : `${k}${["th", "st", "nd", "rd"][k % 10] ?? "th"}`);

const plusMinus = (e: Estimate) => `${e.mean.toFixed(5)} ± ${((e.ci95[1] - e.ci95[0]) / 2).toFixed(5)}`;

/** The --deposit-padding section: public deposits (padded by up to `padding` × the bid) against hidden ones. */
function formatDeposits(rows: DepositRow[], bidders: number): string[] {
  const first = rows[0];
  const out = [
    `Public vs hidden deposits (a deposit is its bid × (1 + padding × U), U uniform on [0, 1]; hidden: every deposit is the bond):`,
    `  First price, no reserve: the last of ${bidders} bidders sees the largest earlier deposit D and bids D (+1 wei) when its equilibrium bid is ≥ D (padding 0: when its value is > D); exact hidden revenue ${formatNumber(first.exactHiddenRevenue)}.`,
    `  Second price (reserve ${formatNumber(first.reserve)}, bond ${formatNumber(first.bond)}): a seller who sees the deposits shills at the top bid's lower bound, never above it, so no bond deters it;` +
      ` blind best shill net ${formatNumber(first.blindShillNet)}.`,
  ];
  out.push(...table(
    ["padding", "FP revenue hidden", "FP revenue public", "seller loss", "late bidder gain", "late shades", "SP informed shill gain"],
    rows.map((row) => [
      formatNumber(row.padding), plusMinus(row.hiddenRevenue), plusMinus(row.publicRevenue), plusMinus(row.revenueLoss),
      plusMinus(row.lateGain), row.lateShaded.mean.toFixed(4), plusMinus(row.informedShillGain),
    ]),
  ).map((line) => `  ${line}`));
  return out;
}
