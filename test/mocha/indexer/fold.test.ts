import { expect } from "chai";
import { getAddress, type Address, type Hex } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { historyFromEvents, type AuctionEvent } from "../../../lib/history.js";
import { applyEvent, memoryStore } from "../../../indexer/src/fold.js";
import { auctionJson, bidJson } from "../../../indexer/src/serve.js";
import { auctionFromJson, bidFromJson } from "../../../lib/indexed.js";
import { compareWithIndexer } from "../../../app/src/core/indexer-check.js";

const addr = (i: number) => getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`) as Address;
const HOUSE = addr(90);
const [SELLER, ALICE, BOB, CAROL] = [addr(1), addr(2), addr(3), addr(4)];
const hash = (i: number) => `0x${i.toString(16).padStart(64, "0")}` as Hex;

function terms(o: Partial<AuctionTerms> = {}): AuctionTerms {
  return {
    seller: SELLER, lotKind: 0, lotToken: addr(50), lotAmountOrId: 7n, paymentToken: ZERO_ADDRESS, format: 0,
    commitEnd: 1000, reserveEnd: 1500, revealEnd: 2000, bond: 10n, floorReserve: 0n, sealedReserveCommitment: hash(99), reserveNonce: 3n, ...o,
  };
}

/** Every kind of event the AuctionHouse emits, for auction 1; auction 2 is cancelled. */
function scenario(): AuctionEvent[] {
  let block = 10n;
  const m = () => ({ blockNumber: block++, logIndex: 0, transactionHash: hash(Number(block)) });
  return [
    { ...m(), name: "AuctionCreated", auctionId: 1n, seller: SELLER, terms: terms() },
    { ...m(), name: "AuctionCreated", auctionId: 2n, seller: BOB, terms: terms({ seller: BOB, format: 1, reserveEnd: 0, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n }) },
    { ...m(), name: "AuctionCancelled", auctionId: 2n, recipient: addr(31) },
    { ...m(), name: "BidCommitted", auctionId: 1n, bidder: ALICE, commitment: hash(1), deposit: 100n, order: 1n },
    { ...m(), name: "BidCommitted", auctionId: 1n, bidder: BOB, commitment: hash(2), deposit: 50n, order: 2n },
    { ...m(), name: "BidCommitted", auctionId: 1n, bidder: ALICE, commitment: hash(3), deposit: 120n, order: 1n },
    { ...m(), name: "BidCommitted", auctionId: 1n, bidder: CAROL, commitment: hash(4), deposit: 30n, order: 3n },
    { ...m(), name: "ReserveRevealed", auctionId: 1n, reserve: 20n, salt: hash(7) },
    { ...m(), name: "BidRevealed", auctionId: 1n, bidder: ALICE, amount: 110n, salt: hash(5), valid: true },
    { ...m(), name: "BidRevealed", auctionId: 1n, bidder: BOB, amount: 60n, salt: hash(6), valid: false },
    { ...m(), name: "RefundDeferred", auctionId: 1n, bidder: BOB, amount: 40n },
    { ...m(), name: "AuctionSettled", auctionId: 1n, winner: ALICE, price: 20n, effectiveReserve: 20n, burned: 20n },
    { ...m(), name: "LotClaimed", auctionId: 1n, owner: ALICE, recipient: ALICE },
    { ...m(), name: "ProceedsWithdrawn", auctionId: 1n, seller: SELLER, recipient: addr(30), amount: 30n },
    { ...m(), name: "RefundWithdrawn", auctionId: 1n, bidder: BOB, recipient: BOB, amount: 40n },
    { ...m(), name: "RefundWithdrawn", auctionId: 1n, bidder: ALICE, recipient: ALICE, amount: 100n },
    { ...m(), name: "RefundWithdrawn", auctionId: 1n, bidder: CAROL, recipient: CAROL, amount: 20n },
    // Not producible by the contract: an event of an auction never created is ignored.
    { ...m(), name: "BidCommitted", auctionId: 9n, bidder: ALICE, commitment: hash(8), deposit: 1n, order: 1n },
  ];
}

async function fold(events: AuctionEvent[]) {
  const m = memoryStore();
  for (const [i, e] of events.entries()) await applyEvent(m.store, e, { eventId: `e${i}`, timestamp: 500n });
  return m;
}

describe("indexer handlers: every AuctionHouse event folded into the tables", () => {
  it("AuctionCreated: a row with the denormalised terms and the phase steps from phaseAt", async () => {
    const { auctions } = await fold(scenario().slice(0, 1));
    const a = auctions.get(1n)!;
    expect(a).to.deep.include({ seller: SELLER, lotKind: "erc721", lotToken: addr(50), lotAmountOrId: 7n, paymentToken: ZERO_ADDRESS, format: "second-price", reserveKind: "sealed", sealedReserve: true, commitEnd: 1000, reserveEnd: 1500, revealEnd: 2000, commitCount: 0, events: 1 });
    expect([a.step1, a.step2, a.step3, a.step4]).to.deep.equal([1000, 1500, 2000, null]);
    // No bids yet: nothing to open once the reserve window is over.
    expect([a.phase0, a.phase1, a.phase2, a.phase3, a.phase4]).to.deep.equal(["committing", "opening-reserve", "awaiting-settlement", "awaiting-settlement", null]);
  });

  it("commits, recommits, reveals, deferred refunds, reserve, settlement and claims; cancellation", async () => {
    const { auctions, bids, claims } = await fold(scenario());
    const a = auctions.get(1n)!;
    expect(a).to.deep.include({ commitCount: 3, openCount: 2, reserveOpened: true, openedReserve: 20n, settled: true, winner: ALICE, price: 20n, effectiveReserve: 20n, burned: 20n, lotClaimed: true, proceedsWithdrawn: 30n, events: 17 - 2 });
    expect([a.phase0, a.phase1, a.phase2]).to.deep.equal(["settled", "settled", "settled"]);
    expect(auctions.get(2n)).to.deep.include({ cancelled: true, cancelledTo: addr(31), phase0: "cancelled", events: 2, format: "first-price", reserveKind: "none", reserveEnd: 0 });
    expect(auctionJson(auctions.get(2n)!, 0).cancelled).to.deep.include({ recipient: addr(31) });
    expect(auctions.has(9n)).to.equal(false);
    const alice = bids.get(`1:${ALICE.toLowerCase()}`)!;
    expect(alice).to.deep.include({ order: 1, commitment: hash(3), deposit: 120n, commits: 2, opened: true, amount: 110n, valid: true, withdrawn: 100n });
    expect(bids.get(`1:${BOB.toLowerCase()}`)).to.deep.include({ valid: false, deferred: 40n, withdrawn: 40n });
    expect(bids.get(`1:${CAROL.toLowerCase()}`)).to.deep.include({ opened: false, amount: null, withdrawn: 20n });
    expect(claims.map((c) => [c.kind, c.account, c.amount])).to.deep.equal([
      ["lot", ALICE, null], ["proceeds", SELLER, 30n], ["refund", BOB, 40n], ["refund", ALICE, 100n], ["refund", CAROL, 20n],
    ]);
  });

  it("the sealed reserve's window: opening-reserve until it is opened or reserveEnd passes, then revealing", async () => {
    const ev = scenario().filter((e) => e.auctionId === 1n && e.name === "BidCommitted");
    const created = scenario()[0];
    const { auctions } = await fold([created, ...ev]);
    const a = auctions.get(1n)!;
    expect([1200, 1499, 1500].map((t) => auctionJson(a, t).phase)).to.deep.equal(["opening-reserve", "opening-reserve", "revealing"]);
    const opened = await fold([created, ...ev, scenario().find((e) => e.name === "ReserveRevealed")!]);
    expect(auctionJson(opened.auctions.get(1n)!, 1200).phase).to.equal("revealing");
  });

  it("nothing left to open: the phase steps say awaiting settlement inside the reveal window", async () => {
    const ev = scenario().filter((e) => e.auctionId === 1n && !["AuctionSettled", "LotClaimed", "ProceedsWithdrawn", "RefundWithdrawn", "RefundDeferred"].includes(e.name) && !(e.name === "BidCommitted" && e.bidder === CAROL));
    const { auctions } = await fold(ev);
    const a = auctions.get(1n)!;
    expect(auctionJson(a, 1500).phase).to.equal("awaiting-settlement");
    expect(auctionJson(a, 999).phase).to.equal("committing");
  });

  it("served rows agree with the history rebuilt from the same events (the audit's comparison finds nothing)", async () => {
    const events = scenario();
    const { auctions, bids } = await fold(events);
    for (const id of [1n, 2n]) {
      const mine = events.filter((e) => e.auctionId === id);
      const h = historyFromEvents(mine, { chainId: 31337, auctionHouse: HOUSE, auctionId: id, toBlock: 100n });
      const indexed = {
        auction: auctionFromJson(JSON.parse(JSON.stringify(auctionJson(auctions.get(id)!, 3000)))),
        bids: [...bids.values()].filter((b) => b.auctionId === id).map((b) => bidFromJson(JSON.parse(JSON.stringify(bidJson(b))))),
        block: 100n,
      };
      expect(compareWithIndexer(h, indexed).differences, `auction ${id}`).to.deep.equal([]);
      // A wrong row is reported in a sentence.
      const wrong = compareWithIndexer(h, { ...indexed, auction: { ...indexed.auction, commitments: 5 } });
      expect(wrong.differences.join(" ")).to.match(/Committed bidders: the logs say \d, the indexer says 5/);
    }
  });

  it("the audit compares at the indexer's block, and does not compare when the indexer is ahead", async () => {
    const events = scenario();
    const { auctions, bids } = await fold(events.filter((e) => e.blockNumber <= 15n));
    const h = historyFromEvents(events.filter((e) => e.auctionId === 1n), { chainId: 31337, auctionHouse: HOUSE, auctionId: 1n, toBlock: 100n });
    const indexed = { auction: auctionFromJson(auctionJson(auctions.get(1n)!, 0) as never), bids: [...bids.values()].filter((b) => b.auctionId === 1n).map((b) => bidFromJson(bidJson(b))), block: 15n };
    expect(compareWithIndexer(h, indexed).differences).to.deep.equal([]);
    expect(compareWithIndexer({ ...h, toBlock: 12n }, indexed).compared).to.equal(false);
  });
});
