/**
 * The commit form's rules. The deposit is public and must cover the bid (an opening above the deposit
 * forfeits the bond) and the bond. Padding the deposit to a coarse round number hides the bid better: others
 * learn only "bid ≤ deposit".
 */
import { formatUnits } from "viem";
import { MAX_AMOUNT } from "../../../lib/auction.js";

/** Mantissas of the padding grid (× 10^k). */
const GRID = [10n, 12n, 15n, 20n, 25n, 30n, 40n, 50n, 60n, 80n];

/** Smallest grid value m × 10^k (m from 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) that is ≥ x. */
export function roundUpToGrid(x: bigint): bigint {
  if (x <= 0n) return 0n;
  if (x <= 10n) return x; // too small to pad meaningfully
  let scale = 1n;
  while (x > 80n * scale) scale *= 10n;
  for (const m of GRID) if (m * scale >= x) return m * scale;
  return 100n * scale;
}

/**
 * A suggested deposit: the bid plus `slackPercent`, rounded up to the padding grid, never below the bond.
 * With the default 25 % slack a 1.23 ETH bid (1.5375 padded) suggests 2 ETH: the grid is coarse on purpose.
 */
export function suggestDeposit(bid: bigint, bond: bigint, slackPercent = 25): bigint {
  const padded = bid + (bid * BigInt(Math.max(0, Math.round(slackPercent)))) / 100n;
  const rounded = roundUpToGrid(padded);
  const atLeast = rounded < bid ? bid : rounded;
  return atLeast < bond ? bond : atLeast;
}

export interface CommitInput {
  bid: bigint | null;
  deposit: bigint | null;
  bond: bigint;
  floorReserve: bigint;
  decimals: number;
  symbol: string;
  /** The bidder's spendable balance of the payment asset, when known. */
  balance?: bigint;
  /** A hidden deposit (rule 16): `deposit` is the public part; the vault, funded later, covers the bid. */
  hidden?: boolean;
}

export interface CommitCheck {
  /** Each blocks the transaction. */
  errors: string[];
  /** Shown, but the bidder may go ahead. */
  warnings: string[];
}

export function checkCommit(c: CommitInput): CommitCheck {
  const fmt = (v: bigint) => `${formatUnits(v, c.decimals)} ${c.symbol}`;
  const errors: string[] = [];
  const warnings: string[] = [];
  if (c.bid === null || c.bid <= 0n) errors.push("Enter a bid greater than zero.");
  if (c.deposit === null) errors.push("Enter a deposit.");
  if (c.bid !== null && c.bid > MAX_AMOUNT) errors.push("The bid is larger than the contract accepts.");
  if (c.deposit !== null && c.deposit > MAX_AMOUNT) errors.push("The deposit is larger than the contract accepts.");
  if (!c.hidden && c.bid !== null && c.bid > 0n && c.deposit !== null && c.deposit < c.bid) {
    errors.push(`The deposit (${fmt(c.deposit)}) is below your bid (${fmt(c.bid)}). A bid above its deposit is invalid when opened and forfeits the bond: deposit at least ${fmt(c.bid)}.`);
  }
  if (c.deposit !== null && c.deposit < c.bond) {
    errors.push(`The deposit (${fmt(c.deposit)}) is below this auction's bond of ${fmt(c.bond)}. Every commitment deposits at least the bond.`);
  }
  if (c.balance !== undefined && c.deposit !== null && c.deposit > c.balance) {
    errors.push(`Your balance (${fmt(c.balance)}) does not cover the deposit of ${fmt(c.deposit)}.`);
  }
  if (c.bid !== null && c.bid > 0n && c.floorReserve > 0n && c.bid < c.floorReserve) {
    warnings.push(`Your bid is below the public reserve of ${fmt(c.floorReserve)}: it cannot win.`);
  }
  if (c.hidden && c.bid !== null && c.deposit !== null && c.bid > c.deposit) {
    warnings.push(`After the commit, send at least ${fmt(c.bid - c.deposit)} to your bid's vault before it is opened: the bond alone does not cover your bid.`);
  }
  if (!c.hidden && c.bid !== null && c.deposit !== null && c.bid > 0n && c.deposit === c.bid) {
    warnings.push("Your deposit equals your bid, so everyone will know your bid. Pad the deposit to hide it.");
  }
  return { errors, warnings };
}
