import { expect } from "chai";
import { getAddress, type Address, type Hex } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { historyFromEvents, type AuctionEvent } from "../../../lib/history.js";
import { settlementDeliveries } from "../../../lib/deliveries.js";

const HOUSE = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const SELLER = getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
const ALICE = getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
const BOB = getAddress("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
const BOND = 10n;
const TERMS: AuctionTerms = {
  seller: SELLER, lotKind: 0, lotToken: HOUSE, lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS, format: 0,
  commitEnd: 100, reserveEnd: 0, revealEnd: 200, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
};

type Body = AuctionEvent extends infer E ? E extends AuctionEvent ? Omit<E, "blockNumber" | "logIndex" | "transactionHash" | "auctionId"> : never : never;
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;

/** One transaction per inner array, one block each, logs in order. */
function history(txs: Body[][]) {
  const events: AuctionEvent[] = txs.flatMap((logs, i) => logs.map((e, j) => ({ ...e, auctionId: 1n, blockNumber: BigInt(i + 1), logIndex: j, transactionHash: hash(i + 1) }) as AuctionEvent));
  return historyFromEvents(events, { chainId: 31337, auctionHouse: HOUSE, auctionId: 1n });
}

const created: Body = { name: "AuctionCreated", seller: SELLER, terms: TERMS };
const commit = (bidder: Address, deposit: bigint, order: bigint): Body => ({ name: "BidCommitted", bidder, commitment: hash(99) , deposit, order });
const reveal = (bidder: Address, amount: bigint): Body => ({ name: "BidRevealed", bidder, amount, salt: ZERO_BYTES32, valid: true });
const settled = (winner: Address, price: bigint): Body => ({ name: "AuctionSettled", winner, price, effectiveReserve: 0n, burned: 0n });
const lot = (owner: Address, recipient = owner): Body => ({ name: "LotClaimed", owner, recipient });
const refund = (bidder: Address, amount: bigint, recipient = bidder): Body => ({ name: "RefundWithdrawn", bidder, recipient, amount });
const deferred = (bidder: Address, amount: bigint): Body => ({ name: "RefundDeferred", bidder, amount });
const proceeds = (amount: bigint, recipient = SELLER): Body => ({ name: "ProceedsWithdrawn", seller: SELLER, recipient, amount });
// Alice 100 (deposit 150) beats Bob 80 (deposit 90): Bob is refunded in his own reveal; Alice pays 80.
const bids: Body[][] = [[created], [commit(ALICE, 150n, 1n)], [commit(BOB, 90n, 2n)], [reveal(ALICE, 100n)], [reveal(BOB, 80n)]];

describe("app/core deliveries: delivered at settlement or claimed", () => {
  it("is null before settlement", () => {
    expect(settlementDeliveries(history(bids), SELLER, BOND)).to.equal(null);
  });

  it("a normal settlement delivers the lot, the winner's change and the seller's proceeds in its own transaction", () => {
    const d = settlementDeliveries(history([...bids, [settled(ALICE, 80n), lot(ALICE), refund(ALICE, 70n), proceeds(80n)]]), SELLER, BOND)!;
    expect(d.lot).to.deep.equal({ owner: ALICE, handover: { kind: "delivered", transactionHash: hash(6), recipient: ALICE } });
    expect(d.leaderRefund).to.deep.equal({ bidder: ALICE, amount: 70n, handover: { kind: "delivered", transactionHash: hash(6), recipient: ALICE } });
    expect(d.proceeds).to.deep.equal({ seller: SELLER, amount: 80n, handover: { kind: "delivered", transactionHash: hash(6), recipient: SELLER } });
  });

  it("a failed lot push stays a claim and holds the proceeds; later claims in other transactions read as claimed", () => {
    const base = [...bids, [settled(ALICE, 80n), refund(ALICE, 70n)]];
    const waiting = settlementDeliveries(history(base), SELLER, BOND)!;
    expect(waiting.lot.handover).to.deep.equal({ kind: "claim" });
    expect(waiting.leaderRefund!.handover.kind).to.equal("delivered");
    // Not paid at settlement: the price is owed, as a claim.
    expect(waiting.proceeds).to.deep.equal({ seller: SELLER, amount: 80n, handover: { kind: "claim" } });
    // The winner claims to another address, then the seller withdraws.
    const done = settlementDeliveries(history([...base, [lot(ALICE, BOB)], [proceeds(80n)]]), SELLER, BOND)!;
    expect(done.lot.handover).to.deep.equal({ kind: "claimed", transactionHash: hash(7), recipient: BOB });
    expect(done.proceeds.handover).to.deep.equal({ kind: "claimed", transactionHash: hash(8), recipient: SELLER });
  });

  it("a winner whose change push failed has a claim (RefundDeferred in the settlement), claimed by a later withdrawal", () => {
    const base = [...bids, [settled(ALICE, 80n), lot(ALICE), deferred(ALICE, 70n), proceeds(80n)]];
    const d = settlementDeliveries(history(base), SELLER, BOND)!;
    expect(d.lot.handover.kind).to.equal("delivered");
    expect(d.leaderRefund).to.deep.equal({ bidder: ALICE, amount: 70n, handover: { kind: "claim" } });
    expect(d.proceeds.handover.kind).to.equal("delivered");
    const later = settlementDeliveries(history([...base, [refund(ALICE, 70n, BOB)]]), SELLER, BOND)!;
    expect(later.leaderRefund!.handover).to.deep.equal({ kind: "claimed", transactionHash: hash(7), recipient: BOB });
  });

  it("a deposit equal to the price leaves no change; a refund withdrawn before settlement is not the leader's", () => {
    // Bob leads first, then is displaced by Alice; his refund push failed and he withdrew it before settlement.
    const h = history([[created], [commit(BOB, 90n, 1n)], [commit(ALICE, 100n, 2n)], [reveal(BOB, 80n)], [reveal(ALICE, 100n), deferred(BOB, 90n)],
      [refund(BOB, 90n)], [settled(ALICE, 100n), lot(ALICE), proceeds(100n)]]);
    const d = settlementDeliveries(h, SELLER, BOND)!;
    expect(d.leaderRefund).to.equal(null);
    expect(d.lot.handover.kind).to.equal("delivered");
    expect(d.proceeds).to.deep.include({ amount: 100n });
  });

  it("unsold: the lot goes back to the seller, the leader below the reserve gets its whole deposit, an opened reserve's bond is the proceeds", () => {
    const reserve: Body = { name: "ReserveRevealed", reserve: 500n, salt: ZERO_BYTES32 };
    const unsold = (s: Body[]) => history([[created], [commit(ALICE, 150n, 1n)], [reserve], [reveal(ALICE, 100n)], s]);
    const d = settlementDeliveries(unsold([settled(ZERO_ADDRESS, 0n), lot(SELLER), refund(ALICE, 150n), proceeds(BOND)]), SELLER, BOND)!;
    expect(d.lot).to.deep.equal({ owner: SELLER, handover: { kind: "delivered", transactionHash: hash(5), recipient: SELLER } });
    expect(d.leaderRefund).to.deep.include({ bidder: ALICE, amount: 150n });
    expect(d.proceeds).to.deep.include({ amount: BOND, handover: { kind: "delivered", transactionHash: hash(5), recipient: SELLER } });
    // The bond push failed: it is owed as a claim.
    expect(settlementDeliveries(unsold([settled(ZERO_ADDRESS, 0n), lot(SELLER), refund(ALICE, 150n)]), SELLER, BOND)!.proceeds)
      .to.deep.equal({ seller: SELLER, amount: BOND, handover: { kind: "claim" } });
  });

  it("unsold without bids or a reserve bond: nothing owed but the lot", () => {
    const d = settlementDeliveries(history([[created], [settled(ZERO_ADDRESS, 0n), lot(SELLER)]]), SELLER, BOND)!;
    expect(d.lot.handover.kind).to.equal("delivered");
    expect(d.leaderRefund).to.equal(null);
    expect(d.proceeds.handover).to.deep.equal({ kind: "none" });
  });

  it("only events after the settlement event in its transaction count as delivered", () => {
    // Same block and transaction hash but earlier log index: not something settle emitted.
    const h = history([...bids, [settled(ALICE, 80n), lot(ALICE)]]);
    const moved = { ...h, lotClaims: h.lotClaims.map((c) => ({ ...c, logIndex: -1 })) };
    expect(settlementDeliveries(moved, SELLER, BOND)!.lot.handover.kind).to.equal("claimed");
  });
});
