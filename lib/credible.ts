/**
 * What the app and the CLI tell bidders about an auction's credibility (CREDIBILITY.md rule 15): whether its
 * bond makes shilling unprofitable, the credible defaults to offer, and whether its reveal window is short
 * enough to censor. Pure and fast: the shill-proof bond is memoised per distribution, so a form can call these
 * on every keystroke (the first call for a distribution builds the tables: ~20 ms, up to ~0.5 s for a
 * heavy-tailed one where f* exceeds the reserve).
 */
import type { Format } from "./auction.js";
import { credibleDefaults as labCredibleDefaults, shillProof, type Distribution, type ShillProof } from "./lab/index.js";

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
