/**
 * What a single-item settlement delivered and what it left as claims, from the settlement transaction's own
 * events. Settlement pushes the lot to its owner, the standing leader's refund and the seller's proceeds, each
 * logged as the claim it replaces (LotClaimed, RefundWithdrawn, ProceedsWithdrawn, recipient = owner). A failed
 * refund push emits RefundDeferred; a failed lot push emits nothing (the lot stays claimable), and proceeds
 * that were not pushed stay in proceedsOf (the caller reads it).
 */
import type { Address, Hex } from "viem";
import type { AuctionHistory } from "../lib/history.js";

/** An auction event with its fields flat, as lib/history.ts decodes them (name + fields). */
export type FlatEvent = { name: string } & Record<string, unknown>;

export interface Deliveries {
  txHash: Hex;
  /** The lot's owner: the winner, or the seller if unsold. */
  lot: { owner: Address; delivered: boolean };
  /** The standing leader's refund: the winner's change, or the whole deposit of a leader below the reserve. */
  leaderRefund: { bidder: Address; amount: bigint; paid: boolean; change: boolean } | null;
  /** The price plus an opened reserve's bond. */
  proceeds: { seller: Address; amount: bigint; paid: boolean } | null;
}

const same = (a: unknown, b: Address) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

export function settlementDeliveries(o: {
  txHash: Hex;
  /** The settlement transaction's events of this auction. */
  events: readonly FlatEvent[];
  winner: Address | null;
  seller: Address;
  /** proceedsOf(id, seller) right after settlement: what the proceeds push left. */
  proceedsLeft: bigint;
}): Deliveries {
  const owner = o.winner ?? o.seller;
  const lot = { owner, delivered: o.events.some((e) => e.name === "LotClaimed" && same(e.owner, owner)) };
  const paidRefund = o.events.find((e) => e.name === "RefundWithdrawn");
  const deferred = o.events.find((e) => e.name === "RefundDeferred");
  const refund = paidRefund ?? deferred;
  const leaderRefund = refund === undefined ? null : {
    bidder: refund.bidder as Address,
    amount: refund.amount as bigint,
    paid: refund === paidRefund,
    change: o.winner !== null && same(refund.bidder, o.winner),
  };
  const paidProceeds = o.events.find((e) => e.name === "ProceedsWithdrawn");
  const proceeds = paidProceeds !== undefined
    ? { seller: o.seller, amount: paidProceeds.amount as bigint, paid: true }
    : o.proceedsLeft > 0n ? { seller: o.seller, amount: o.proceedsLeft, paid: false } : null;
  return { txHash: o.txHash, lot, leaderRefund, proceeds };
}

/** The settlement transaction's events of a history, flat (empty before settlement). */
export function settlementEvents(h: AuctionHistory): FlatEvent[] {
  const tx = h.settlement?.transactionHash;
  return tx === undefined ? [] : (h.events.filter((e) => e.transactionHash === tx) as unknown as FlatEvent[]);
}

/** viem's decoded logs ({ eventName, args }) as flat events. */
export function flatEvents(events: readonly { eventName: string; args: unknown }[]): FlatEvent[] {
  return events.map((e) => ({ ...(e.args as Record<string, unknown>), name: e.eventName }));
}
