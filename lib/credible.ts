/**
 * What the app and the CLI tell bidders about an auction's credibility (CREDIBILITY.md rule 15): whether its
 * bond makes shilling unprofitable, the credible defaults to offer, and whether its reveal window is short
 * enough to censor. Pure and fast: the shill-proof bond is memoised per distribution, so a form can call these
 * on every keystroke (the first call for a distribution builds the tables: ~20 ms, up to ~0.5 s for a
 * heavy-tailed one where f* exceeds the reserve).
 */
import type { Format } from "./auction.js";
import { credibleDefaults as labCredibleDefaults, shillProof, type Distribution, type ShillProof, type ShillProofVerdict } from "./lab/index.js";

export type { ShillProof, ShillProofVerdict } from "./lab/index.js";

export interface ShillProofQuery {
  dist: Distribution;
  bidders: number;
  format: Format;
  reserve: number;
  bond: number;
  /** The lot's value to the seller if it keeps it (default 0). */
  lotValue?: number;
}

/** Verdict, best shill gain and shill-proof bond for one auction's settings (see lib/lab/shill-proof.ts). */
export function shillProofVerdict(query: ShillProofQuery): ShillProof {
  return shillProof(query);
}

/** Second price at the optimal reserve r* with the shill-proof bond f* (= r* for MHR values). */
export function credibleDefaults(query: { dist: Distribution; bidders: number }): { format: "second-price"; reserve: number; bond: number } {
  return labCredibleDefaults(query);
}

/** "public": a chain whose blocks others build (Ethereum, an L2 with a public mempool); "local": a dev chain. */
export type ChainKind = "public" | "local";

/** Below this, censoring every reveal is within reach of a builder/proposer coalition or a block-filling spammer. */
export const SAFE_REVEAL_SECONDS = 3600;

const SLOT_SECONDS = 12;
const GAS_LIMIT = 45_000_000;
/** EIP-1559: the base fee rises by 1/8 after each full block. */
const BASE_FEE_GROWTH = 1.125;

/** ETH to fill `blocks` consecutive blocks, starting from a 1 gwei base fee. */
function fillCostEth(blocks: number): number {
  return (GAS_LIMIT * 1e-9 * (BASE_FEE_GROWTH ** blocks - 1)) / (BASE_FEE_GROWTH - 1);
}

const duration = (seconds: number) =>
  seconds < 120 ? `${Math.round(seconds)}-second` : `${Math.round(seconds / 60)}-minute`;

const eth = (x: number) => (x >= 1e6 ? `${x.toExponential(1)} ETH` : `${Number(x.toPrecision(2))} ETH`);

/**
 * A sentence when a reveal window of `revealSeconds` on a public chain is short enough to censor cheaply
 * (under an hour), null otherwise. Bidders who cannot get their reveal in forfeit their bond and lose the lot.
 * Two ways to keep reveals out for k blocks: block producers excluding them, paid roughly the fees the
 * censored bidders would have tipped, per block (Fox–Pai–Resnick 2023: the cost grows linearly in the window);
 * or filling every block, whose EIP-1559 base fee grows 12.5% a block, so that cost explodes within minutes.
 */
export function revealWindowWarning(revealSeconds: number, chainKind: ChainKind): string | null {
  if (!Number.isFinite(revealSeconds) || revealSeconds < 0) throw new Error(`reveal window must be a finite number of seconds ≥ 0, got ${revealSeconds}`);
  if (chainKind === "local" || revealSeconds >= SAFE_REVEAL_SECONDS) return null;
  const blocks = Math.max(1, Math.floor(revealSeconds / SLOT_SECONDS));
  const fill = fillCostEth(blocks);
  return `A ${duration(revealSeconds)} reveal window (about ${blocks} block${blocks === 1 ? "" : "s"}) can be censored: ` +
    `block producers paid about a bidder's priority fee per block (${blocks === 1 ? "one fee" : `≈ ${blocks} fees`} in all) can leave its reveal out` +
    (fill < 1e4
      ? `, and filling every block for that long costs only about ${eth(fill)} (base fee from 1 gwei, rising 12.5% per full block). `
      : ` (filling every block instead is prohibitive beyond about ten minutes: the base fee rises 12.5% per full block). `) +
    "An unopened bid forfeits its bond and cannot win; allow at least one hour.";
}

/** What bidders are told about one auction's terms, before they commit (rule 15). */
export interface AuctionShillProofness {
  verdict: ShillProofVerdict;
  /** One line for a badge: "Shill-proof (MHR values)", "Not shill-proof", "Shill bids cannot raise your price". */
  headline: string;
  /** The reason and the value assumption, in plain words. */
  detail: string;
}

/**
 * The verdict for an auction from its on-chain terms alone, with no distribution to assume beyond a class:
 * first price cannot be shill-raised; second price is shill-proof only with a public reserve r > 0 and a bond
 * ≥ the shill-proof bond, which is f* = r for values with a monotone hazard rate (uniform, exponential, normal:
 * Ferreira–Weinberg's DRA collateral, reproduced by lib/lab/shill-proof.ts). Heavier tails need more (the lab
 * computes f* for a given distribution). A sealed reserve is no part of this guarantee.
 */
export function auctionShillProofness(
  terms: { format: Format; floorReserve: bigint; bond: bigint; sealedReserve: boolean },
  formatAmount: (x: bigint) => string = (x) => x.toString(),
): AuctionShillProofness {
  const sealedNote = terms.sealedReserve ? " The sealed reserve is no part of this: only a public reserve is." : "";
  if (terms.format === "first-price") {
    return {
      verdict: "shill-proof",
      headline: "Shill bids cannot raise the price you pay",
      detail:
        "First price: the winner pays its own bid, so no bid of the seller's can raise it. A seller's bid opened above " +
        "the top bid can still stop the sale (it keeps the lot and loses nothing but locked funds).",
    };
  }
  const r = terms.floorReserve;
  if (r === 0n) {
    return {
      verdict: "not shill-proof",
      headline: "Not shill-proof",
      detail:
        "Second price without a public reserve: the seller can commit bids under other names, open after seeing every " +
        "honest bid only those just below the top one (refunded in full) and so raise the price the winner pays; no " +
        `bond prevents it.${sealedNote}`,
    };
  }
  if (terms.bond >= r) {
    return {
      verdict: "shill-proof",
      headline: "Shill-proof (for MHR values)",
      detail:
        `Second price with a public reserve of ${formatAmount(r)} and a bond of ${formatAmount(terms.bond)} ≥ the reserve: ` +
        "if bidders' values have a monotone hazard rate (e.g. uniform, exponential, normal), every shill bid the seller " +
        "might have to leave unopened costs more in expectation than it can raise the price (Ferreira–Weinberg: the " +
        `shill-proof bond is the reserve). Values with heavier tails need a larger bond.${sealedNote}`,
    };
  }
  return {
    verdict: "not shill-proof",
    headline: "Not shill-proof",
    detail:
      `Second price with a bond of ${formatAmount(terms.bond)}, below the public reserve of ${formatAmount(r)}: a seller ` +
      "opening shill bids selectively after seeing the honest ones can expect to gain; the shill-proof bond is at least " +
      `the reserve (for values with a monotone hazard rate).${sealedNote}`,
  };
}
