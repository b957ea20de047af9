/**
 * The per-auction audit reads the logs itself; when an indexer is configured it also compares the
 * indexer's record of the auction with those logs, up to the block the indexer has reached, and lists
 * every disagreement in a plain sentence. Pure.
 */
import { historyFromEvents, type AuctionHistory } from "../../../lib/history.js";
import { hiddenDepositFieldsOf, termsToJson, toJson, type HiddenDepositFields, type IndexedAuction, type IndexedBid } from "../../../lib/indexed.js";

export interface IndexerCheck {
  /** The block the comparison was made at (the indexer's). */
  block: bigint;
  /** False when the indexer is ahead of the logs read here (nothing compared). */
  compared: boolean;
  differences: string[];
}

/** The history as it stood at `block` (events after it dropped). */
export function historyAt(h: AuctionHistory, block: bigint): AuctionHistory {
  if (h.toBlock <= block) return h;
  const events = h.events.filter((e) => e.blockNumber <= block);
  return historyFromEvents(events, { chainId: h.chainId, auctionHouse: h.auctionHouse, auctionId: h.auctionId, fromBlock: h.fromBlock, toBlock: block });
}

export function compareWithIndexer(
  history: AuctionHistory,
  indexed: { auction: IndexedAuction | null; bids: IndexedBid[]; block: bigint },
): IndexerCheck {
  if (indexed.block > history.toBlock) return { block: indexed.block, compared: false, differences: [] };
  const h = historyAt(history, indexed.block);
  const d: string[] = [];
  const a = indexed.auction;
  const at = `at block ${indexed.block}`;
  if (h.created === null) {
    if (a !== null) d.push(`The indexer lists auction ${h.auctionId}, but the logs have no AuctionCreated event for it ${at}.`);
    return { block: indexed.block, compared: true, differences: d };
  }
  if (a === null) {
    d.push(`The logs show auction ${h.auctionId} created in block ${h.created.blockNumber}, but the indexer does not list it ${at}.`);
    return { block: indexed.block, compared: true, differences: d };
  }
  const same = (what: string, logs: unknown, idx: unknown) => {
    const l = toJson(logs);
    const i = toJson(idx);
    if (l !== i) d.push(`${what}: the logs say ${l}, the indexer says ${i}.`);
  };
  same("Terms", termsToJson(h.created.terms), a.terms ? termsToJson(a.terms) : null);
  same("Seller", h.created.seller.toLowerCase(), a.seller.toLowerCase());
  same("Committed bidders", h.bidders.length, a.commitments);
  same("Opened bids", h.bidders.filter((b) => b.opening !== null).length, a.openings);
  same("Events", h.events.length, a.events);
  same("Cancelled (to)", h.cancelled ? h.cancelled.recipient.toLowerCase() : null, a.cancelled ? a.cancelled.recipient.toLowerCase() : null);
  const s = h.settlement;
  const si = a.settlement;
  same("Settlement", s ? { winner: s.winner?.toLowerCase() ?? null, price: s.price, effectiveReserve: s.effectiveReserve, burned: s.burned } : null,
    si ? { winner: si.winner?.toLowerCase() ?? null, price: si.price, effectiveReserve: si.effectiveReserve, burned: si.burned } : null);
  same("Opened sealed reserve", h.reserveOpening?.reserve ?? null, a.reserveOpened ? a.openedReserve : null);
  same("Lot claimed", h.lotClaims.length > 0, a.lotClaimed);
  same("Proceeds withdrawn", h.proceedsWithdrawals.reduce((t, w) => t + w.amount, 0n), a.proceedsWithdrawn);
  const byBidder = new Map(indexed.bids.map((b) => [b.bidder.toLowerCase(), b] as const));
  for (const b of h.bidders) {
    const i = byBidder.get(b.bidder.toLowerCase());
    byBidder.delete(b.bidder.toLowerCase());
    if (!i) {
      d.push(`The logs show a bid by ${b.bidder}, but the indexer has none.`);
      continue;
    }
    same(`Bid of ${b.bidder}`,
      { order: b.order, commitment: b.commitment.toLowerCase(), deposit: b.deposit, amount: b.opening?.amount ?? null, valid: b.opening?.valid ?? null, deferred: b.deferred, withdrawn: b.withdrawals.reduce((t, w) => t + w.amount, 0n) },
      { order: i.order, commitment: i.commitment.toLowerCase(), deposit: i.deposit, amount: i.opened ? i.amount : null, valid: i.opened ? i.valid : null, deferred: i.deferred, withdrawn: i.withdrawn });
    const hiddenOf = (x: HiddenDepositFields) => ({
      hidden: x.hidden, vault: x.vault?.toLowerCase() ?? null, swept: x.swept, effectiveDeposit: x.effectiveDeposit,
      setAside: x.setAside, setAsideEth: x.setAsideEth, recovered: x.recovered, recoveredEth: x.recoveredEth,
    });
    same(`Hidden deposit of ${b.bidder}`, hiddenOf(hiddenDepositFieldsOf(b)), hiddenOf(i));
  }
  for (const i of byBidder.values()) d.push(`The indexer has a bid by ${i.bidder}, but the logs show none.`);
  return { block: indexed.block, compared: true, differences: d };
}
