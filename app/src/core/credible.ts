/**
 * What the app says about an auction's credibility (CREDIBILITY.md rule 15): on Create, the seller's value
 * assumption, the credible defaults it gives (second price, public reserve r*, shill-proof bond f*) and a
 * warning with the number whenever the chosen terms are not shill-proof; on an auction's page and its audit,
 * the verdict from the on-chain terms alone; everywhere, whether the window for opening bids is short enough
 * to censor. The rules are lib/credible.ts's; this module only turns form text into its inputs and its
 * outputs into sentences.
 */
import { formatUnits } from "viem";
import { ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import {
  auctionShillProofness, credibleDefaults, revealWindowWarning, shillProofVerdict, type AuctionShillProofness, type ChainKind,
} from "../../../lib/credible.js";
import { parseDistribution, type Distribution } from "../../../lib/lab/index.js";
import { decimalText } from "../app/lab/_lib/prefill.js";
import type { ReserveChoice } from "./create-form.js";

export type { ChainKind } from "../../../lib/credible.js";

/** The chain kind lib/credible.ts asks for: the app's local Hardhat chain, or a chain whose blocks others build. */
export const chainKindOf = (local: boolean): ChainKind => (local ? "local" : "public");

// ─── the seller's value assumption ────────────────────────────────────────────────────────────────────────

/**
 * Bidders' values in payment units, as typed: uniform from 0 to `value`, exponential with average `value`, or a
 * distribution carried over from the lab as its spec (e.g. "normal:1:0.5:0:inf"); and the expected number of bidders.
 */
export interface ValueAssumptionInput {
  kind: "uniform" | "exponential" | "lab";
  value: string;
  bidders: string;
  /** For kind "lab": the lab's distribution spec. */
  spec?: string;
}

export const DEFAULT_ASSUMPTION: ValueAssumptionInput = { kind: "uniform", value: "1", bidders: "5" };

export type ValueAssumption =
  | { ok: true; dist: Distribution; bidders: number; spec: string }
  | { ok: false; error: string };

const MAX_BIDDERS = 100;

export function parseAssumption(a: ValueAssumptionInput): ValueAssumption {
  const n = Number(a.bidders.trim());
  if (a.bidders.trim() === "" || !Number.isInteger(n) || n < 1 || n > MAX_BIDDERS) {
    return { ok: false, error: `The expected number of bidders must be a whole number from 1 to ${MAX_BIDDERS}.` };
  }
  let spec: string;
  if (a.kind === "lab") {
    if (!a.spec) return { ok: false, error: "No distribution came from the lab: choose uniform or exponential values." };
    spec = a.spec;
  } else {
    const v = Number(a.value.trim());
    if (a.value.trim() === "" || !Number.isFinite(v) || v <= 0) {
      return { ok: false, error: a.kind === "uniform" ? "Enter the highest value a bidder might have (greater than zero)." : "Enter bidders' average value (greater than zero)." };
    }
    spec = a.kind === "uniform" ? `uniform:0:${v}` : `exponential:${1 / v}`;
  }
  try {
    return { ok: true, dist: parseDistribution(spec), bidders: n, spec };
  } catch (e) {
    return { ok: false, error: `The value assumption is not usable: ${e instanceof Error ? e.message : String(e)}.` };
  }
}

/** The assumption a lab link carries: uniform from 0 as the plain form, anything else as the lab's spec. */
export function assumptionFromLab(spec: string | undefined, bidders: string | undefined): ValueAssumptionInput {
  const base = { ...DEFAULT_ASSUMPTION, ...(bidders ? { bidders } : {}) };
  if (!spec) return base;
  const uniform = /^uniform:0:([0-9.]+)$/.exec(spec);
  if (uniform) return { ...base, kind: "uniform", value: uniform[1] };
  return { ...base, kind: "lab", value: "", spec };
}

/** "bidders' values uniform from 0 to 1 ETH and 5 bidders". */
export function describeAssumption(a: Extract<ValueAssumption, { ok: true }>, symbol: string): string {
  const d = a.dist;
  const body = d.kind === "uniform"
    ? `bidders' values uniform from ${amount(d.lo, "")} to ${amount(d.hi, symbol)}`
    : d.kind === "exponential"
      ? `bidders' values exponential with an average of ${amount(d.mean, symbol)}`
      : `bidders' values ${d.label} (in ${symbol})`;
  return `${body} and ${a.bidders} bidder${a.bidders === 1 ? "" : "s"}`;
}

// ─── credible defaults and the shill check on Create ─────────────────────────────────────────────────────

/** Second price with a public reserve r* and the shill-proof bond f*, and the same as the form's text (bondText null when no bond suffices). */
export function credibleFormDefaults(a: Extract<ValueAssumption, { ok: true }>): { reserve: number; bond: number; floorText: string; bondText: string | null } {
  const d = credibleDefaults({ dist: a.dist, bidders: a.bidders });
  return { reserve: d.reserve, bond: d.bond, floorText: decimalText(d.reserve) ?? "0", bondText: decimalText(d.bond) };
}

export interface ShillCheckInput {
  assumption: ValueAssumption;
  format: "second-price" | "first-price";
  reserve: ReserveChoice;
  /** The public floor in base units (0 or null without one). */
  floor: bigint | null;
  bond: bigint | null;
  decimals: number;
  symbol: string;
}

export interface ShillCheck {
  tone: "ok" | "warn";
  /** The sentence shown on the form, with the numbers. */
  text: string;
  /** Best expected shill gain per auction and the shill-proof bond, in payment units (absent for first price). */
  gain?: number;
  shillProofBond?: number;
}

/** 2 significant digits, never an exponent: "0.035 ETH", "1,200 DUSD". */
export function amount(x: number, symbol: string): string {
  if (!Number.isFinite(x)) return `∞ ${symbol}`.trim();
  const text = decimalText(x, 2) ?? String(x);
  const [whole, frac] = text.split(".");
  return `${Number(whole).toLocaleString("en-US")}${frac ? `.${frac}` : ""} ${symbol}`.trim();
}

/**
 * Whether the Create form's terms are shill-proof under the seller's value assumption: null while the
 * assumption or the bond cannot be read. Only a public reserve counts (a sealed one is the seller's to open or
 * not); first price cannot be shill-raised.
 */
export function createShillCheck(i: ShillCheckInput): ShillCheck | null {
  if (!i.assumption.ok || i.bond === null) return null;
  const a = i.assumption;
  if (i.format === "first-price") {
    return {
      tone: "ok",
      text: "First price cannot be shill-raised: the winner pays its own bid, so no shill bid can raise the price, whatever the bond.",
    };
  }
  const units = (x: bigint) => Number(formatUnits(x, i.decimals));
  const r = i.reserve === "none" || i.floor === null ? 0 : units(i.floor);
  const bond = units(i.bond);
  const sealed = i.reserve === "sealed" ? " A sealed reserve does not count: only a public reserve does." : "";
  let v;
  try {
    v = shillProofVerdict({ dist: a.dist, bidders: a.bidders, format: "second-price", reserve: r, bond });
  } catch (e) {
    return { tone: "warn", text: `The shill check could not be computed for these settings: ${e instanceof Error ? e.message : String(e)}.` };
  }
  const $ = (x: number) => amount(x, i.symbol);
  const numbers = { gain: v.bestShillGain, shillProofBond: v.shillProofBond };
  if (v.verdict === "shill-proof") {
    return {
      tone: "ok", ...numbers,
      text: `Shill-proof under this assumption: with a public reserve of ${$(r)} and a bond of ${$(bond)} (the shill-proof bond is ${$(v.shillProofBond)}), ` +
        `no set of shill bids, opened after seeing the others, raises a seller's expected revenue.${sealed}`,
    };
  }
  const gain = `a seller's shill bids could expect to gain ${$(v.bestShillGain)} per auction`;
  if (r === 0 || !Number.isFinite(v.shillProofBond)) {
    const best = credibleDefaults({ dist: a.dist, bidders: a.bidders });
    return {
      tone: "warn", ...numbers,
      text: `Not shill-proof: ${r === 0 ? "without a public reserve" : `with a public reserve of ${$(r)}`} and a bond of ${$(bond)}, ${gain}, ` +
        `and no bond prevents it${r === 0 ? "" : " at this reserve"}: a shill opened when the bids disappoint works as a hidden reserve. ` +
        `A public reserve of ${$(best.reserve)} with a bond of ${$(best.bond)} is shill-proof.${sealed}`,
    };
  }
  return {
    tone: "warn", ...numbers,
    text: `Not shill-proof: with a bond of ${$(bond)} and a public reserve of ${$(r)}, ${gain}; the shill-proof bond is ${$(v.shillProofBond)}.${sealed}`,
  };
}

/**
 * Seconds in which bids can be opened: the reveal window, less a sealed reserve's window (bids open only once the
 * reserve is open or its window has passed, so at worst after it).
 */
export function bidOpeningSeconds(revealSeconds: number, reserveSeconds: number | null): number {
  return Math.max(0, revealSeconds - (reserveSeconds ?? 0));
}

/** The censorship warning for a window of `seconds` (null on the local chain, when long enough, or unreadable). */
export function censorshipWarning(seconds: number, chainKind: ChainKind): string | null {
  return Number.isFinite(seconds) && seconds >= 0 ? revealWindowWarning(seconds, chainKind) : null;
}

// ─── what bidders are told, from the on-chain terms ───────────────────────────────────────────────────────

export interface AuctionCredibility {
  shill: AuctionShillProofness;
  /** The reveal-window censorship warning, when it applies on this chain. */
  censorship: string | null;
}

export function auctionCredibility(
  terms: Pick<AuctionTerms, "format" | "floorReserve" | "bond" | "sealedReserveCommitment" | "commitEnd" | "reserveEnd" | "revealEnd">,
  chainKind: ChainKind,
  formatAmount: (x: bigint) => string,
): AuctionCredibility {
  const shill = auctionShillProofness({
    format: terms.format === 1 ? "first-price" : "second-price",
    floorReserve: terms.floorReserve,
    bond: terms.bond,
    sealedReserve: terms.sealedReserveCommitment !== ZERO_BYTES32,
  }, formatAmount);
  const opensFrom = Math.max(terms.commitEnd, terms.reserveEnd);
  return { shill, censorship: censorshipWarning(terms.revealEnd - opensFrom, chainKind) };
}

// ─── the Create form's starting point ─────────────────────────────────────────────────────────────────────

export interface CreateStart {
  assumption: ValueAssumptionInput;
  format: "second-price" | "first-price";
  reserve: ReserveChoice;
  floorText: string;
  bondText: string;
}

/** Without a usable shill-proof bond (no bond suffices), the bond the form falls back to. */
export const FALLBACK_BOND_TEXT = "0.01";

/**
 * Where the Create form starts: the lab's settings when it links here (its assumption, format, floor and bond),
 * else the credible defaults for the default assumption: second price, public reserve r*, bond f*.
 */
export function createStart(prefill: { format?: "second-price" | "first-price"; floorReserve?: string; bond?: string; dist?: string; bidders?: string }): CreateStart {
  const assumption = assumptionFromLab(prefill.dist, prefill.bidders);
  const parsed = parseAssumption(assumption);
  const credible = parsed.ok ? credibleFormDefaults(parsed) : null;
  const fromLab = prefill.floorReserve !== undefined || prefill.bond !== undefined;
  if (fromLab) {
    return {
      assumption, format: prefill.format ?? "second-price", reserve: prefill.floorReserve ? "public" : "none",
      floorText: prefill.floorReserve ?? "", bondText: prefill.bond ?? credible?.bondText ?? FALLBACK_BOND_TEXT,
    };
  }
  return {
    assumption, format: prefill.format ?? "second-price", reserve: credible ? "public" : "none",
    floorText: credible?.floorText ?? "", bondText: credible?.bondText ?? FALLBACK_BOND_TEXT,
  };
}
