/**
 * Everything the /lab page shows for one set of submitted parameters, computed with lib/lab (pure, no DOM):
 * the distribution, the optimal reserve, the revenue table (exact, with a modest seeded simulation as a
 * check), the recommended bond, and the two charts' data. It takes about a second, so the page runs it in a
 * Web Worker (lab.worker.ts), falling back to the main thread where workers are unavailable.
 */
import { FORMATS, type Format } from "../../../../../lib/auction.js";
import {
  allocationEfficiency, bestShillPlacement, expectedRevenue, parseDistribution, parseSamplesText, recommendedBond,
  revenueChartData, shillCandidates, shillModel, simulateAuctions, type Distribution, type Estimate, type OptimalReserve,
  optimalReserve,
} from "../../../../../lib/lab/index.js";

export type LabKind = "uniform" | "exponential" | "normal" | "lognormal" | "samples";

/** The form's fields as typed (strings), so a bad entry reaches the lab and comes back as its own message. */
export interface LabParams {
  kind: LabKind;
  uniformA: string;
  uniformB: string;
  rate: string;
  mean: string;
  sd: string;
  lo: string;
  hi: string;
  mu: string;
  sigma: string;
  samples: string;
  bidders: string;
}

export const DEFAULT_PARAMS: LabParams = {
  kind: "uniform", uniformA: "0", uniformB: "1", rate: "1", mean: "1", sd: "0.5", lo: "0", hi: "inf",
  mu: "0", sigma: "0.5", samples: "", bidders: "5",
};

/** Monte-Carlo auctions per table row: enough for a visible check, small enough to stay quick. */
export const SIMULATED_AUCTIONS = 10_000;
const SHILL_BONDS = 13;
const MAX_SHILLS = 3;

export interface LabTableRow {
  format: Format;
  reserveKind: "none" | "optimal";
  reserve: number;
  revenue: number;
  efficiency: number;
  simulated: Estimate;
}

/** Plain data only: it crosses from the Web Worker by structured clone. */
export interface LabView {
  label: string;
  /** The distribution's spec for a create-form link (null for pasted samples, which stay here). */
  spec: string | null;
  bidders: number;
  reserve: OptimalReserve;
  bond: number;
  rows: LabTableRow[];
  revenueChart: { reserve: number; "second-price": number; "first-price": number }[];
  optimum: { reserve: number; "second-price": number; "first-price": number };
  shillChart: { bond: number; k1: number; k2: number; k3: number }[];
}

export type LabOutcome = { ok: true; view: LabView } | { ok: false; error: string };

/** The lab spec string (as the CLI takes it) for the form's fields. */
export function distributionSpec(p: LabParams): string {
  const t = (s: string) => s.trim().replace(/:/g, "");
  switch (p.kind) {
    case "uniform": return `uniform:${t(p.uniformA)}:${t(p.uniformB)}`;
    case "exponential": return `exponential:${t(p.rate)}`;
    case "normal": return `normal:${t(p.mean)}:${t(p.sd)}:${t(p.lo)}:${t(p.hi)}`;
    case "lognormal": return `lognormal:${t(p.mu)}:${t(p.sigma)}`;
    case "samples": return "samples:pasted";
  }
}

export function parseBidders(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(n) || n < 1 || n > 100) throw new Error(`bidders must be a whole number from 1 to 100, got "${text}"`);
  return n;
}

export function labDistribution(p: LabParams): Distribution {
  if (p.kind === "samples") {
    const samples = parseSamplesText(p.samples);
    if (samples.length === 0) throw new Error("samples: paste at least two numbers, one per line or comma-separated");
    return parseDistribution("samples:pasted", samples);
  }
  return parseDistribution(distributionSpec(p));
}

/** Net expected shill gain of the best placement of k = 1..3 shills at bonds from 0 to twice the recommended one. */
function shillCurve(dist: Distribution, bidders: number, reserve: number, bond: number) {
  const model = shillModel(dist, bidders, { reserve });
  const candidates = shillCandidates(model, 48);
  const top = Number.isFinite(bond) && bond > 0 ? 2 * bond : Math.max(candidates[candidates.length - 1] ?? 1, 1e-9);
  return Array.from({ length: SHILL_BONDS }, (_, i) => {
    const b = (top * i) / (SHILL_BONDS - 1);
    const net = (k: number) => bestShillPlacement(model, k, b, candidates).net;
    return { bond: b, k1: net(1), k2: net(2), k3: net(3) };
  });
}

export function computeLab(p: LabParams): LabOutcome {
  try {
    const bidders = parseBidders(p.bidders);
    const dist = labDistribution(p);
    const reserve = optimalReserve(dist, bidders);
    const rows: LabTableRow[] = [];
    for (const format of FORMATS) {
      for (const [reserveKind, r] of [["none", 0], ["optimal", reserve.reserve]] as const) {
        rows.push({
          format, reserveKind, reserve: r,
          revenue: expectedRevenue(format, dist, bidders, r),
          efficiency: allocationEfficiency(dist, bidders, r),
          simulated: simulateAuctions(dist, { bidders, format, reserve: r, auctions: SIMULATED_AUCTIONS, seed: 1 }).revenue,
        });
      }
    }
    const bond = recommendedBond(dist, bidders, { reserve: reserve.reserve, maxShills: MAX_SHILLS, candidates: 64 }).bond;
    const chart = revenueChartData(dist, bidders, reserve.reserve, 31);
    return {
      ok: true,
      view: {
        label: dist.label, spec: p.kind === "samples" ? null : distributionSpec(p), bidders, reserve, bond, rows,
        revenueChart: chart.reserves.map((r, i) => ({
          reserve: r,
          "second-price": chart.curves.find((c) => c.format === "second-price")!.revenues[i],
          "first-price": chart.curves.find((c) => c.format === "first-price")!.revenues[i],
        })),
        optimum: { reserve: chart.optimum.reserve, ...chart.optimum.revenues },
        shillChart: shillCurve(dist, bidders, reserve.reserve, bond),
      },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
