import { expect } from "chai";
import { parseEther, type Address, type Hex } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms } from "../../../lib/auction.js";
import { kUnitHistoryFromEvents, type KUnitEvent } from "../../../lib/kunit-history.js";
import { TopSetModel } from "../../../lib/top-set.js";
import { kunitNextStep, kunitRankOf, kunitRevealHint, kunitStanding } from "../../../app/src/core/kunit.js";
import { buildUnitTerms, unitCreateProblems, type UnitCreateInput } from "../../../app/src/core/kunit-create.js";

const house = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const seller = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" as Address;
const token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const bidder = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address;
const terms: UnitAuctionTerms = {
  seller, lotKind: 0, lotToken: token, lotId: 1n, lotAmount: 3n, units: 3, paymentToken: ZERO_ADDRESS, format: 0,
  commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: parseEther("0.05"), floorReserve: parseEther("0.1"), sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
};
const bids = ["1", "0.8", "0.6", "0.5", "0.3"].map((a) => parseEther(a));

/** The auction's events: five commits, then openings of `opened` (indexes into `bids`) in that order, each with the slot the contract gives. */
function history(opened: number[], t: UnitAuctionTerms = terms) {
  let n = 0;
  const meta = () => ({ blockNumber: BigInt(++n), logIndex: 0, transactionHash: `0x${n.toString(16).padStart(64, "0")}` as Hex });
  const events: KUnitEvent[] = [{ ...meta(), name: "AuctionCreated", auctionId: 0n, seller, terms: t }];
  bids.forEach((_, i) => events.push({ ...meta(), name: "BidCommitted", auctionId: 0n, bidder: bidder(i), commitment: `0x${"11".repeat(32)}`, deposit: parseEther("1.2"), order: BigInt(i + 1) }));
  // Each opening takes the slot the contract's top set hands out (lib/top-set.ts, the rule the fold checks).
  const set = new TopSetModel(t.units, t.floorReserve);
  for (const i of opened) {
    const placed = set.open({ order: i + 1, amount: bids[i], valid: true });
    events.push({ ...meta(), name: "BidRevealed", auctionId: 0n, bidder: bidder(i), amount: bids[i], salt: ZERO_BYTES32, valid: true, slot: BigInt(placed.slot), displaced: BigInt(placed.displaced) });
  }
  return kUnitHistoryFromEvents(events, { chainId: 31337, auctionHouse: house, auctionId: 0n });
}

describe("app/core kunit: what a k-unit auction page shows", () => {
  it("before any opening: every unit left, no clearing price, no rank", () => {
    const s = kunitStanding(history([]));
    expect(s).to.deep.include({ opened: 0, sealed: 5, unitsTaken: 0, unitsLeft: 3, clearingPrice: null });
    expect(kunitRankOf(s, bidder(0))).to.equal(null);
  });

  it("the standing clearing price is the floor while the set fills, then the highest losing bid", () => {
    const h3 = history([4, 3, 2]);
    expect(h3.anomalies).to.deep.equal([]);
    expect(kunitStanding(h3)).to.deep.include({ unitsLeft: 0, clearingPrice: parseEther("0.1") });
    const h5 = history([4, 3, 2, 1, 0]);
    expect(h5.anomalies).to.deep.equal([]);
    const s = kunitStanding(h5);
    expect(s).to.deep.include({ opened: 5, unitsLeft: 0, clearingPrice: parseEther("0.5"), lowestWinning: parseEther("0.6") });
    expect(kunitRankOf(s, bidder(1))).to.deep.equal({ rank: 2, ofValid: 5, winning: true, price: parseEther("0.5") });
    expect(kunitRankOf(s, bidder(3))).to.deep.include({ rank: 4, winning: false, price: null });
  });

  it("pay-as-bid shows the lowest winning bid, not a clearing price; each winner pays its bid", () => {
    const s = kunitStanding(history([0, 1, 2, 3], { ...terms, format: 1 }));
    expect(s.clearingPrice).to.equal(null);
    expect(s.lowestWinning).to.equal(parseEther("0.6"));
    expect(kunitRankOf(s, bidder(0))?.price).to.equal(parseEther("1"));
  });

  it("the reveal hint is the slot just below the bid on the set the logs leave (0 below the set)", () => {
    const h = history([4, 3, 2]);
    const hint = kunitRevealHint(h, bidder(1), bids[1]);
    const below = h.topSet!.members().filter((m) => m.amount < bids[1]).at(-1)!;
    expect(hint).to.deep.equal({ hint: BigInt(below.slot), deposit: parseEther("1.2"), order: 2n });
    expect(kunitRevealHint(h, bidder(1), parseEther("0.01"))?.hint).to.equal(0n);
    expect(kunitRevealHint(h, seller, 1n)).to.equal(null);
  });

  it("next steps follow the house's position status", () => {
    const base = { phase: "revealing" as const, now: 1500, commitEnd: 1000, revealEnd: 2000, value: parseEther("0.3"), committedOnChain: true, opened: true, gotUnit: false, fmt: (v: bigint) => `${v}` };
    expect(kunitNextStep({ ...base, position: "sealed", opened: false }).urgency).to.equal("act");
    expect(kunitNextStep({ ...base, position: "ranked" }).urgency).to.equal("wait");
    expect(kunitNextStep({ ...base, phase: "settled", position: "ranked" }).text).to.match(/claim it with your change/);
    expect(kunitNextStep({ ...base, position: "displaced" }).text).to.match(/Withdraw your refund .*pushed yours out/);
    expect(kunitNextStep({ ...base, phase: "settled", position: "none", gotUnit: true }).urgency).to.equal("done");
  });
});

describe("app/core kunit-create: from inputs to k-unit terms", () => {
  const input: UnitCreateInput = {
    seller, lotKind: "erc1155", lotToken: token, lotId: 7n, lotAmount: null, unitsText: "3", paymentToken: "", format: "uniform-price",
    commitSeconds: 3600, revealSeconds: 3600, reserveSeconds: 0, bond: parseEther("0.05"), reserve: "public", floor: parseEther("0.1"), sealedReserve: null, chainNow: 1_000_000,
  };

  it("an ERC-1155 lot escrows k copies of its id", () => {
    expect(unitCreateProblems(input)).to.deep.equal([]);
    expect(buildUnitTerms(input)).to.deep.include({ lotKind: 0, lotId: 7n, lotAmount: 3n, units: 3, format: 0, commitEnd: 1_003_600, revealEnd: 1_007_200, floorReserve: parseEther("0.1") });
  });

  it("an ERC-20 tranche must split into k equal units; k is 1 to MAX_UNITS", () => {
    const erc20 = { ...input, lotKind: "erc20" as const, lotAmount: 10n, format: "pay-as-bid" as const };
    expect(unitCreateProblems(erc20)[0]).to.match(/10 base units do not split into 3 equal units \(remainder 1\)/);
    expect(buildUnitTerms({ ...erc20, lotAmount: 12n })).to.deep.include({ lotKind: 1, lotId: 0n, lotAmount: 12n, format: 1 });
    expect(unitCreateProblems({ ...input, unitsText: "0" })[0]).to.match(/number of units, a whole number from 1 to 1000/);
  });

  it("a sealed reserve opens in its own window after the commit window and binds the seller's nonce", () => {
    const sealed = { ...input, reserve: "sealed" as const, floor: 0n, sealedReserve: parseEther("0.2"), reserveSeconds: 600 };
    expect(unitCreateProblems(sealed)).to.deep.equal([]);
    const c = { commitment: `0x${"ab".repeat(32)}` as const, nonce: 2n };
    expect(buildUnitTerms(sealed, c)).to.deep.include({ commitEnd: 1_003_600, reserveEnd: 1_004_200, revealEnd: 1_007_200, sealedReserveCommitment: c.commitment, reserveNonce: 2n, floorReserve: 0n });
    expect(unitCreateProblems({ ...sealed, reserveSeconds: 3600 })[0]).to.match(/reserve window must be shorter than the reveal window/);
  });

  it("checks the seller's copies and approval before anything is sent", () => {
    expect(unitCreateProblems(input, { kindOk: false, balance: 5n, approved: true })[0]).to.match(/does not report ERC-1155/);
    expect(unitCreateProblems(input, { kindOk: true, balance: 2n, approved: true })[0]).to.match(/You hold 2 copies of this id, fewer than the 3 units/);
    expect(unitCreateProblems(input, { kindOk: true, balance: 3n, approved: false })[0]).to.match(/Approve the k-unit house/);
  });
});
