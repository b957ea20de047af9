/**
 * lib/history.ts folds the hidden-deposit events (issue 10): DepositHidden marks its BidCommitted's bidder hidden,
 * VaultSwept adds the collateral its opening counted, VaultSetAside and VaultRecovered are totalled per bidder;
 * sequences the contract cannot emit are anomalies.
 */
import { expect } from "chai";
import { getAddress, keccak256, toHex, type Address } from "viem";
import { bidCommitment, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { buildHistory, effectiveDeposit, outcomeInputOf } from "../../../lib/history.js";
import type { RpcLog } from "../../../lib/logs.js";
import { FAKE_HOUSE, fakeLog } from "./fake-logs.js";

const CHAIN = 31337;
const [SELLER, ALICE, BOB, VAULT] = ["0x5e11e5", "0xa11ce0", "0xb0b000", "0x7a0170"].map((x) => getAddress(x.padEnd(42, "0"))) as Address[];
const salt = (s: string) => keccak256(toHex(s));
const terms: AuctionTerms = {
  seller: SELLER, lotKind: 0, lotToken: getAddress("0x00000000000000000000000000000000000007a1"), lotAmountOrId: 1n, paymentToken: ZERO_ADDRESS,
  format: 0, commitEnd: 1000, reserveEnd: 0, revealEnd: 2000, bond: 10n, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
};
const domain = { chainId: CHAIN, auctionHouse: FAKE_HOUSE, auctionId: 1n };
const tx = (n: number) => ({ transactionHash: keccak256(toHex(`tx ${n}`)) });
const build = (logs: RpcLog[]) => buildHistory(logs, { chainId: CHAIN, auctionHouse: FAKE_HOUSE, auctionId: 1n });

/** Alice commits hidden (bond 10) and opens 50 against 45 swept; Bob commits plain (30) and opens 20. */
function honest(): RpcLog[] {
  return [
    fakeLog("AuctionCreated", { auctionId: 1n, seller: SELLER, terms }, 10),
    fakeLog("BidCommitted", { auctionId: 1n, bidder: ALICE, commitment: bidCommitment(domain, ALICE, 50n, salt("a")), deposit: 10n, order: 1n }, 11, 0, tx(11)),
    fakeLog("DepositHidden", { auctionId: 1n }, 11, 1, tx(11)),
    fakeLog("BidCommitted", { auctionId: 1n, bidder: BOB, commitment: bidCommitment(domain, BOB, 20n, salt("b")), deposit: 30n, order: 2n }, 12, 0, tx(12)),
    fakeLog("VaultSwept", { auctionId: 1n, bidder: ALICE, vault: VAULT, collateral: 45n }, 20, 3, tx(20)),
    fakeLog("BidRevealed", { auctionId: 1n, bidder: ALICE, amount: 50n, salt: salt("a"), valid: true }, 20, 4, tx(20)),
    fakeLog("BidRevealed", { auctionId: 1n, bidder: BOB, amount: 20n, salt: salt("b"), valid: true }, 20, 5, tx(20)),
    fakeLog("AuctionSettled", { auctionId: 1n, winner: ALICE, price: 20n, effectiveReserve: 0n, burned: 0n }, 30),
    fakeLog("VaultRecovered", { auctionId: 1n, bidder: ALICE, vault: VAULT, recipient: ALICE, amount: 7n, ethAmount: 0n }, 31),
  ];
}

describe("lib/history: hidden deposits (vault events)", () => {
  it("an honest hidden bid: hidden, swept, recovered; its effective deposit is bond + collateral", () => {
    const h = build(honest());
    expect(h.anomalies).to.deep.equal([]);
    const [a, b] = h.bidders;
    expect([a.hidden, a.deposit, a.swept, effectiveDeposit(a)]).to.deep.equal([true, 10n, 45n, 55n]);
    expect(a.vault?.vault).to.equal(VAULT);
    expect(a.recovered).to.deep.equal({ amount: 7n, ethAmount: 0n });
    expect(h.vaultRecoveries.map((r) => [r.bidder, r.amount, r.setAsidePaid])).to.deep.equal([[ALICE, 7n, 0n]]);
    expect([b.hidden, b.swept, b.vault]).to.deep.equal([false, 0n, null]);
    expect(outcomeInputOf(h).commitments.map((c) => c.deposit)).to.deep.equal([55n, 30n]);
  });

  it("a set-aside sweep in an ERC-20 auction: ETH is kept for the bidder and paid by its recovery", () => {
    const token = getAddress("0x00000000000000000000000000000000000e2c20");
    const logs = honest().slice(0, -1); // without the recovery
    logs[0] = fakeLog("AuctionCreated", { auctionId: 1n, seller: SELLER, terms: { ...terms, paymentToken: token } }, 10);
    logs.splice(5, 0, fakeLog("VaultSetAside", { auctionId: 1n, bidder: ALICE, amount: 0n, ethAmount: 9n }, 20, 4, tx(20)));
    logs[6] = fakeLog("BidRevealed", { auctionId: 1n, bidder: ALICE, amount: 50n, salt: salt("a"), valid: true }, 20, 5, tx(20));
    logs[7] = fakeLog("BidRevealed", { auctionId: 1n, bidder: BOB, amount: 20n, salt: salt("b"), valid: true }, 20, 6, tx(20));
    logs.push(fakeLog("VaultRecovered", { auctionId: 1n, bidder: ALICE, vault: VAULT, recipient: BOB, amount: 0n, ethAmount: 9n }, 31));
    const h = build(logs);
    expect(h.anomalies).to.deep.equal([]);
    expect(h.bidders[0].setAside).to.deep.equal({ amount: 0n, ethAmount: 9n });
    expect(h.vaultRecoveries[0].ethSetAsidePaid).to.equal(9n);
    // Recovering less than what was set aside cannot happen.
    logs[logs.length - 1] = fakeLog("VaultRecovered", { auctionId: 1n, bidder: ALICE, vault: VAULT, recipient: BOB, amount: 0n, ethAmount: 8n }, 31);
    expect(build(logs).anomalies.join("\n")).to.match(/less than the 0 \/ 9 ETH set aside/);
  });

  it("impossible sequences are anomalies", () => {
    const anomaliesOf = (edit: (logs: RpcLog[]) => void) => {
      const logs = honest();
      edit(logs);
      return build(logs).anomalies.join("\n");
    };
    // DepositHidden not next to its BidCommitted (another transaction, or a gap).
    expect(anomaliesOf((l) => (l[2] = fakeLog("DepositHidden", { auctionId: 1n }, 11, 1, tx(99))))).to.match(/DepositHidden is not right after its BidCommitted/);
    expect(anomaliesOf((l) => (l[2] = fakeLog("DepositHidden", { auctionId: 1n }, 11, 2, tx(11))))).to.match(/DepositHidden is not right after/);
    // Alice's hidden bid opened without a sweep: drop the VaultSwept.
    expect(anomaliesOf((l) => l.splice(4, 1))).to.match(/opened without its vault sweep/);
    // A sweep of a plain bid.
    expect(anomaliesOf((l) => l.splice(4, 0, fakeLog("VaultSwept", { auctionId: 1n, bidder: BOB, vault: VAULT, collateral: 1n }, 19, 0)))).to.match(/not a hidden-deposit one/);
    // A sweep not followed by its bid's BidRevealed.
    expect(anomaliesOf((l) => (l[4] = fakeLog("VaultSwept", { auctionId: 1n, bidder: ALICE, vault: VAULT, collateral: 45n }, 20, 2, tx(20))))).to.match(/not right before its bid's BidRevealed/);
    // A set-aside that is not right after a sweep, or sets nothing aside.
    expect(anomaliesOf((l) => l.push(fakeLog("VaultSetAside", { auctionId: 1n, bidder: ALICE, amount: 0n, ethAmount: 0n }, 32)))).to.match(/not right after its VaultSwept[\s\S]*sets nothing aside/);
    // ETH set aside in an ETH-paid auction, a recovery paying nothing, an opening after a recovery.
    expect(anomaliesOf((l) => l.push(fakeLog("VaultRecovered", { auctionId: 1n, bidder: BOB, vault: VAULT, recipient: BOB, amount: 0n, ethAmount: 0n }, 32)))).to.match(/pays nothing/);
    expect(anomaliesOf((l) => l.push(fakeLog("VaultRecovered", { auctionId: 1n, bidder: BOB, vault: VAULT, recipient: BOB, amount: 0n, ethAmount: 1n }, 32)))).to.match(/ETH-paid auction/);
    // A hidden commitment whose deposit is not the bond, and a plain one turned hidden by a recommitment.
    expect(anomaliesOf((l) => (l[1] = fakeLog("BidCommitted", { auctionId: 1n, bidder: ALICE, commitment: bidCommitment(domain, ALICE, 50n, salt("a")), deposit: 11n, order: 1n }, 11, 0, tx(11))))).to.match(/posted 11, not the bond 10/);
    expect(anomaliesOf((l) => l.splice(4, 0,
      fakeLog("BidCommitted", { auctionId: 1n, bidder: BOB, commitment: bidCommitment(domain, BOB, 20n, salt("b")), deposit: 30n, order: 2n }, 13, 0, tx(13)),
      fakeLog("DepositHidden", { auctionId: 1n }, 13, 1, tx(13))))).to.match(/plain commitment was replaced by a hidden-deposit one/);
    // A recovery by someone who never committed is not an anomaly (a vault is its bidder's by derivation).
    const stranger = getAddress("0x0000000000000000000000000000000000005742");
    expect(anomaliesOf((l) => l.push(fakeLog("VaultRecovered", { auctionId: 1n, bidder: stranger, vault: VAULT, recipient: stranger, amount: 3n, ethAmount: 0n }, 32)))).to.equal("");
  });
});
