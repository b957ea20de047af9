import { expect } from "chai";
import { parseEther, type Address, type Hex } from "viem";
import { bidCommitment, ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms } from "../../../lib/auction.js";
import { auditKUnitHistory } from "../../../lib/kunit-audit.js";
import { kUnitHistoryFromEvents, type KUnitEvent } from "../../../lib/kunit-history.js";
import { TopSetModel } from "../../../lib/top-set.js";
import { auditVerdict } from "../../../app/src/core/audit-verdict.js";
import { kunitAuditToJson, kunitAuditVerdict, kunitOutcomeLines, kunitWinnerLines } from "../../../app/src/core/kunit-audit.js";

const house = "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address;
const seller = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" as Address;
const token = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const bidder = (i: number) => `0x${(i + 1).toString(16).padStart(40, "0")}` as Address;
const salt = `0x${"22".repeat(32)}` as Hex;
const terms: UnitAuctionTerms = {
  seller, lotKind: 0, lotToken: token, lotId: 1n, lotAmount: 3n, units: 3, paymentToken: ZERO_ADDRESS, format: 0,
  commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: parseEther("0.05"), floorReserve: parseEther("0.1"), sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
};
const bids = ["1", "0.8", "0.6", "0.5", "0.3"].map((a) => parseEther(a));
const deposit = parseEther("1.2");
const fmt = (v: bigint) => `${v}`;

/** Five commits and openings (rising, so two members are pushed out), a settlement at `settledPrice`, and claims by the three winners at `claimPrice`. */
function settledHistory({ settledPrice = parseEther("0.5"), claimPrice = parseEther("0.5") } = {}) {
  let n = 0;
  const meta = () => ({ blockNumber: BigInt(++n), logIndex: 0, transactionHash: `0x${n.toString(16).padStart(64, "0")}` as Hex });
  const id = 0n;
  const events: KUnitEvent[] = [{ ...meta(), name: "AuctionCreated", auctionId: id, seller, terms }];
  bids.forEach((amount, i) => events.push({
    ...meta(), name: "BidCommitted", auctionId: id, bidder: bidder(i), deposit, order: BigInt(i + 1),
    commitment: bidCommitment({ chainId: 31337, auctionHouse: house, auctionId: id }, bidder(i), amount, salt),
  }));
  const set = new TopSetModel(terms.units, terms.floorReserve);
  for (const i of [4, 3, 2, 1, 0]) {
    const placed = set.open({ order: i + 1, amount: bids[i], valid: true });
    events.push({ ...meta(), name: "BidRevealed", auctionId: id, bidder: bidder(i), amount: bids[i], salt, valid: true, slot: BigInt(placed.slot), displaced: BigInt(placed.displaced) });
  }
  events.push({ ...meta(), name: "AuctionSettled", auctionId: id, unitsSold: 3n, price: settledPrice, effectiveReserve: terms.floorReserve, burned: 0n });
  for (const i of [0, 1, 2]) events.push({ ...meta(), name: "UnitClaimed", auctionId: id, bidder: bidder(i), recipient: bidder(i), price: claimPrice });
  return kUnitHistoryFromEvents(events, { chainId: 31337, auctionHouse: house, auctionId: id });
}

describe("app/core kunit-audit: what the k-unit audit page shows", () => {
  it("a consistent settled auction: Matches., recomputed = settled on every line, each winner's claim at its price", () => {
    const h = settledHistory();
    const r = auditKUnitHistory(h, null, { formatAmount: fmt });
    expect(r.differences).to.deep.equal([]);
    const v = kunitAuditVerdict(r, h.events.length);
    expect(v.tone).to.equal("ok");
    expect(v.text).to.match(/^Matches\. .* from 15 events/);
    const lines = kunitOutcomeLines(r, fmt);
    expect(lines.map((l) => l.label)).to.deep.equal(["Units sold", "Units unsold (back to the seller)", "Uniform price (every winner pays it)", "Effective reserve", "Bonds burned", "Seller receives"]);
    expect(lines.filter((l) => l.same !== null).every((l) => l.same)).to.equal(true);
    expect(lines[2]).to.deep.include({ recomputed: `${parseEther("0.5")}`, settled: `${parseEther("0.5")}` });
    const winners = kunitWinnerLines(r, h);
    expect(winners.map((w) => [w.rank, w.bidder, w.price, w.unit?.kind, w.same])).to.deep.equal([
      [1, bidder(0), parseEther("0.5"), "claimed", true], [2, bidder(1), parseEther("0.5"), "claimed", true], [3, bidder(2), parseEther("0.5"), "claimed", true],
    ]);
  });

  it("a settlement at another price: the verdict says it differs, the price line and each claim are flagged", () => {
    const h = settledHistory({ settledPrice: parseEther("0.6"), claimPrice: parseEther("0.6") });
    const r = auditKUnitHistory(h, null, { formatAmount: fmt });
    expect(kunitAuditVerdict(r, h.events.length)).to.deep.include({ tone: "bad" });
    expect(kunitAuditVerdict(r, h.events.length).text).to.match(/^Does not match: \d+ difference/);
    expect(kunitOutcomeLines(r, fmt).find((l) => l.label.startsWith("Uniform price"))?.same).to.equal(false);
    expect(kunitWinnerLines(r, h).every((w) => w.same === false)).to.equal(true);
  });

  it("before settlement: provisional (no settled column), pending verdict", () => {
    const h = settledHistory();
    const cut = kUnitHistoryFromEvents(h.events.filter((e) => e.name !== "AuctionSettled" && e.name !== "UnitClaimed"), { chainId: 31337, auctionHouse: house, auctionId: 0n });
    const r = auditKUnitHistory(cut, null, { formatAmount: fmt });
    expect(kunitAuditVerdict(r, cut.events.length).tone).to.equal("pending");
    expect(kunitOutcomeLines(r, fmt).every((l) => l.settled === null && l.same === null)).to.equal(true);
    expect(kunitWinnerLines(r, cut).every((w) => w.unit === null && w.same === null)).to.equal(true);
  });

  it("the JSON report has bigints as strings and the refunds as an object", () => {
    const r = auditKUnitHistory(settledHistory(), null);
    const json = JSON.parse(kunitAuditToJson(r));
    expect(json.ok).to.equal(true);
    expect(json.expected.refunds[bidder(3)]).to.equal(deposit.toString());
    expect(json.expected.refunds[bidder(0)]).to.equal((deposit - parseEther("0.5")).toString());
  });

  it("the single-item verdict keeps its wording", () => {
    const base = { auctionId: 7n, checks: [], differences: [], logs: 9, ok: true };
    expect(auditVerdict({ ...base, status: "settled" }).text).to.match(/^Matches\. The settlement equals the outcome your browser recomputed from 9 events/);
    expect(auditVerdict({ ...base, status: "not-found", ok: false }).text).to.equal("No auction #7 was found in the contract's events.");
  });
});
