/**
 * Ponder handlers: every AuctionHouse event is decoded by lib/history.ts decodeAuctionLog (the same decoder
 * the auditor and the app use) and folded into the tables by src/fold.ts.
 */
import { ponder } from "ponder:registry";
import { auction, bid, claim } from "ponder:schema";
import { numberToHex, type Address, type Hex } from "viem";
import { AUCTION_EVENT_NAMES, decodeAuctionLog } from "../../lib/history.js";
import { applyEvent, bidId, type AuctionRow, type BidRow, type FoldStore } from "./fold.js";

type Db = Parameters<Parameters<typeof ponder.on>[1]>[0]["context"]["db"];

function storeOf(db: Db): FoldStore {
  return {
    auction: async (id) => ((await db.find(auction, { id })) as AuctionRow | null) ?? null,
    putAuction: async (r) => {
      const { id: _id, ...rest } = r;
      await db.insert(auction).values(r).onConflictDoUpdate(rest);
    },
    bid: async (auctionId, bidder) => ((await db.find(bid, { id: bidId(auctionId, bidder) })) as BidRow | null) ?? null,
    putBid: async (r) => {
      const { id: _id, ...rest } = r;
      await db.insert(bid).values(r).onConflictDoUpdate(rest);
    },
    addClaim: async (r) => {
      await db.insert(claim).values(r).onConflictDoNothing();
    },
  };
}

for (const name of AUCTION_EVENT_NAMES) {
  ponder.on(`AuctionHouse:${name}` as Parameters<typeof ponder.on>[0], async ({ event, context }) => {
    // Ponder's log carries address, topics, data and logIndex; the block and transaction carry the rest.
    const { log, block, transaction } = event as unknown as {
      log: { address: Address; topics: Hex[]; data: Hex; logIndex: number };
      block: { number: bigint; hash: Hex; timestamp: bigint };
      transaction: { hash: Hex; transactionIndex: number };
    };
    // Backfilled logs come from Ponder's store with unused topic slots as null: the decoder counts topics.
    const topics = (log.topics as (Hex | null)[]).filter((t): t is Hex => t !== null);
    const decoded = decodeAuctionLog({
      address: log.address, topics, data: log.data, blockHash: block.hash, transactionHash: transaction.hash,
      blockNumber: numberToHex(block.number), logIndex: numberToHex(log.logIndex), transactionIndex: numberToHex(transaction.transactionIndex),
    });
    if (decoded === null) return;
    await applyEvent(storeOf(context.db), decoded, { eventId: event.id, timestamp: block.timestamp });
  });
}
