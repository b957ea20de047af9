/**
 * Self-opening bids (CREDIBILITY.md rule 16): which commitments of an auction carry a sealed opening, which
 * of those can be opened now, and why the others cannot. One implementation for both houses (the single-item
 * AuctionHouse and KUnitAuctionHouse: same ciphertexts, same commitments, same opening window), used by the
 * keeper tasks, the app's "open all" button and the tests. The ciphertexts come from the logs (lib/history.ts,
 * lib/kunit-history.ts: `sealedBidsOf` reads either); decrypting goes
 * through lib/timelock.ts, so the beacon verifies every round; each decrypted opening is checked against
 * its commitment with lib/auction.ts before anything is sent.
 */
import type { Address, Hex } from "viem";
import { bidCommitment } from "./auction.js";
import type { AuctionHistory } from "./history.js";
import type { KUnitBidder, KUnitHistory } from "./kunit-history.js";
import { openingRound, openingTimeOf, sealedRoundOf, unsealOpening, type BeaconConfig } from "./timelock.js";

/** One entry of IAuctionHouse.revealMany. */
export interface BatchOpening {
  bidder: Address;
  amount: bigint;
  salt: Hex;
  deposit: bigint;
  order: bigint;
}

export type SelfOpeningStatus =
  /** Decrypted and matching its commitment: include it in a batch. */
  | "ready"
  /** Opened just now, by this caller's batch. */
  | "opened"
  /** Already opened (by its bidder, a keeper or anyone). */
  | "already-open"
  /** The beacon has not released the round yet: nobody can read it. */
  | "not-yet"
  /** The ciphertext is not a timelock ciphertext. */
  | "malformed"
  /** It does not decrypt with this beacon's round key (sealed to another beacon or round, or corrupted). */
  | "undecryptable"
  /** It decrypts, but not to an opening (wrong length). */
  | "bad-payload"
  /** It decrypts to an opening that does not match the commitment (a copied or stale ciphertext). */
  | "mismatch"
  /** The reveal window closed while it was still sealed: its bond is forfeited. */
  | "too-late"
  /** The beacon did not answer: try again. */
  | "beacon-unreachable";

export interface SelfOpeningVerdict {
  bidder: Address;
  order: number;
  status: SelfOpeningStatus;
  /** Plain-language reason, for the keeper's report and the app. */
  detail: string;
  round?: number;
  /** Sealed to a round before the opening time's: anyone could read this bid before bids may be opened. */
  readableEarly?: boolean;
  opening?: BatchOpening;
}

/** Either house's history of one auction (lib/history.ts or lib/kunit-history.ts). */
export type SelfOpeningHistory = AuctionHistory | KUnitHistory;

/** A standing commitment that carries a sealed opening, as read from either house's history. */
export interface SealedBid {
  bidder: Address;
  order: number;
  commitment: Hex;
  deposit: bigint;
  ciphertext: Hex;
  /** A hidden-deposit commitment (rule 16): its opening sweeps its vault. */
  hidden: boolean;
  /** The bid's opening, if it is open (by anyone). */
  opening: { transactionHash: Hex } | null;
}

const isKUnit = (h: SelfOpeningHistory): h is KUnitHistory => "topSet" in h;

/**
 * The k-unit history keeps every ciphertext a bidder attached; the one that counts is the latest attached in the
 * transaction of a commit that set the standing commitment (the single-item history's rule: a top-up keeps the
 * commitment and its ciphertext, a replacement drops it).
 */
export function standingSealedOpening(b: Pick<KUnitBidder, "commitment" | "commits" | "sealedOpenings">): Hex | null {
  let from = b.commits.length;
  while (from > 0 && b.commits[from - 1].commitment === b.commitment) from--;
  const txs = new Set(b.commits.slice(from).map((c) => c.transactionHash));
  const attached = b.sealedOpenings.filter((s) => txs.has(s.transactionHash));
  return attached.at(-1)?.sealedOpening ?? null;
}

/** Commitments (opened or not) that carry a sealed opening, by commit order. */
export function sealedBidsOf(history: SelfOpeningHistory): SealedBid[] {
  if (isKUnit(history)) {
    return history.bidders.flatMap((b) => {
      const ciphertext = standingSealedOpening(b);
      return ciphertext === null ? [] : [{ bidder: b.bidder, order: b.order, commitment: b.commitment, deposit: b.deposit, ciphertext, hidden: b.hidden, opening: b.opening }];
    });
  }
  return history.bidders
    .filter((b) => b.sealedOpening !== null)
    .map((b) => ({ bidder: b.bidder, order: b.order, commitment: b.commitment, deposit: b.deposit, ciphertext: b.sealedOpening!.ciphertext, hidden: b.hidden, opening: b.opening }));
}

/** How many self-opening bids are still sealed (what "N bids are ready to open themselves" counts). */
export function sealedSelfOpeningCount(history: SelfOpeningHistory): number {
  return sealedSelfOpenings(history).length;
}

/** Still-sealed commitments that carry a sealed opening, by commit order: the bids that may open themselves. */
export function sealedSelfOpenings(history: SelfOpeningHistory): SealedBid[] {
  return sealedBidsOf(history).filter((b) => b.opening === null);
}

/**
 * Decrypts every sealed opening of the auction that is not open yet and checks it against its commitment.
 * Never throws for a bad ciphertext: each bid gets a verdict with its reason.
 */
export async function prepareSelfOpenings(history: SelfOpeningHistory, beacon: BeaconConfig): Promise<SelfOpeningVerdict[]> {
  const out: SelfOpeningVerdict[] = [];
  const domain = { chainId: history.chainId, auctionHouse: history.auctionHouse, auctionId: history.auctionId };
  const bidders = sealedBidsOf(history);
  // The contract cannot read a ciphertext: one sealed to an earlier round than the opening time's leaked its
  // bid early (a faulty or hostile client). It still opens; the report says so.
  const due = bidders.length > 0 && history.created ? await openingRound(beacon, openingTimeOf(history.created.terms)).catch(() => undefined) : undefined;
  for (const b of bidders) {
    const sealed = b.ciphertext;
    const round = sealedRoundOf(sealed);
    const base = { bidder: b.bidder, order: b.order, round, ...(round !== undefined && due !== undefined && round < due ? { readableEarly: true } : {}) };
    if (b.opening !== null) {
      out.push({ ...base, status: "already-open", detail: `already opened in tx ${b.opening.transactionHash}` });
      continue;
    }
    const r = await unsealOpening(beacon, sealed);
    if (!r.ok) {
      out.push({ ...base, status: r.reason, detail: r.detail });
      continue;
    }
    if (bidCommitment(domain, b.bidder, r.amount, r.salt).toLowerCase() !== b.commitment.toLowerCase()) {
      out.push({ ...base, status: "mismatch", detail: "it decrypts to an opening that does not match the bidder's commitment (copied or replaced)" });
      continue;
    }
    // A hidden-deposit bid opens with the deposit BidCommitted reported (the bond): the house sees its hidden
    // digest and sweeps its vault in the same revealMany, the decrypted salt naming the vault.
    out.push({
      ...base, status: "ready", detail: b.hidden ? "decrypted and matches its commitment (hidden deposit: its vault is swept at opening)" : "decrypted and matches its commitment",
      opening: { bidder: b.bidder, amount: r.amount, salt: r.salt, deposit: b.deposit, order: BigInt(b.order) },
    });
  }
  return out;
}

/** Splits openings into batches of at most `size` entries (gas per transaction stays bounded). */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size ${size} must be a positive integer`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One sentence per status, for reports. */
export const SELF_OPENING_STATUS_TEXT: Record<SelfOpeningStatus, string> = {
  ready: "ready to open",
  opened: "opened",
  "already-open": "already open",
  "not-yet": "not readable yet (the beacon has not released its round)",
  malformed: "not a timelock ciphertext",
  undecryptable: "does not decrypt with the beacon's key for its round",
  "bad-payload": "decrypts, but not to a bid opening",
  mismatch: "decrypts to an opening that does not match the commitment",
  "too-late": "still sealed when the reveal window closed",
  "beacon-unreachable": "the beacon did not answer",
};
