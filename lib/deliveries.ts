/**
 * What settlement delivered and what is left to claim, from the auction's events alone. Settlement pushes the lot
 * to its owner, the standing leader's refund (the winner's change) and the seller's proceeds in its own
 * transaction, each logged as the claim event it replaces; a push that failed stays a claim. So a claim event in
 * the settlement's transaction is a delivery, a later one a claim its owner made.
 */
import type { Address, Hex } from "viem";
import type { AuctionHistory } from "./history.js";

/** `delivered`: pushed by the settlement transaction; `claimed`: its owner claimed it later; `claim`: it waits
 * for its owner (the push failed, or the lot must leave first); `none`: nothing was owed. */
export type Handover =
  | { kind: "delivered"; transactionHash: Hex; recipient: Address }
  | { kind: "claimed"; transactionHash: Hex; recipient: Address }
  | { kind: "claim" }
  | { kind: "none" };

export interface Deliveries {
  lot: { owner: Address; handover: Handover };
  /** The standing leader's refund at settlement: the winner's change, or a below-reserve leader's deposit. Null
   * when nothing was pushed or deferred at settlement (no bid, or a deposit equal to the price). */
  leaderRefund: { bidder: Address; amount: bigint; handover: Handover } | null;
  /** The seller's proceeds: the price plus an opened reserve's bond. */
  proceeds: { seller: Address; amount: bigint; handover: Handover };
}

type Meta = { transactionHash: Hex; blockNumber: bigint; logIndex: number };

/** After the settlement event and in its transaction: what `settle` itself emitted. */
const inSettlement = (s: Meta, e: Meta) => e.transactionHash === s.transactionHash && e.blockNumber === s.blockNumber && e.logIndex > s.logIndex;
const handoverOf = (s: Meta, e: (Meta & { recipient: Address }) | undefined, owed: boolean): Handover => {
  if (e) return { kind: inSettlement(s, e) ? "delivered" : "claimed", transactionHash: e.transactionHash, recipient: e.recipient };
  return owed ? { kind: "claim" } : { kind: "none" };
};

/** Null before settlement. `bond` is the auction's bond (an opened sealed reserve's bond goes back with the price). */
export function settlementDeliveries(h: AuctionHistory, seller: Address, bond: bigint): Deliveries | null {
  const s = h.settlement;
  if (s === null) return null;
  const lotOwner = s.winner ?? seller;
  const lot = { owner: lotOwner, handover: handoverOf(s, h.lotClaims[0], true) };

  // The leader's refund is logged at settlement as RefundWithdrawn (pushed) or RefundDeferred (kept as a claim).
  let leaderRefund: Deliveries["leaderRefund"] = null;
  for (const b of h.bidders) {
    const pushed = b.withdrawals.find((w) => inSettlement(s, w));
    if (pushed) {
      leaderRefund = { bidder: b.bidder, amount: pushed.amount, handover: handoverOf(s, pushed, true) };
      break;
    }
  }
  if (leaderRefund === null) {
    const deferred = h.events.find((e) => e.name === "RefundDeferred" && inSettlement(s, e));
    if (deferred?.name === "RefundDeferred") {
      const later = h.bidders.find((b) => b.bidder.toLowerCase() === deferred.bidder.toLowerCase())
        ?.withdrawals.find((w) => w.blockNumber > s.blockNumber || (w.blockNumber === s.blockNumber && w.logIndex > deferred.logIndex));
      leaderRefund = { bidder: deferred.bidder, amount: deferred.amount, handover: handoverOf(s, later, true) };
    }
  }

  const owed = s.price + (h.reserveOpening ? bond : 0n);
  const paid = h.proceedsWithdrawals[0];
  const proceeds = { seller, amount: paid?.amount ?? owed, handover: handoverOf(s, paid, owed > 0n) };
  return { lot, leaderRefund, proceeds };
}

