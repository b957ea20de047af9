import { existsSync, readFileSync } from "node:fs";
import { expect } from "chai";
import { parseEther, type Address } from "viem";
import { LOCAL_BEACON_PORT, localBeaconConfig } from "../../../lib/beacon.js";
import { beaconFor } from "../../../lib/deployments.js";
import { parseReceipt } from "../../../lib/receipt.js";
import { cliFixture, run, type CliFixture } from "./helpers.js";

describe("CLI tasks end to end (in-process network)", function () {
  this.timeout(60_000);
  let f: CliFixture;
  before(async () => {
    f = await cliFixture();
  });
  after(() => f.close());

  it("auction:deploy records the address and deploy block", async () => {
    const record = JSON.parse(readFileSync(f.path("31337.json"), "utf8"));
    expect(record.auctionHouse).to.equal(f.house);
    expect(record.deployBlock).to.be.greaterThan(0);
    const code = await f.publicClient.getCode({ address: f.house, blockNumber: BigInt(record.deployBlock) });
    expect(code).to.not.equal(undefined);
    const before = await f.publicClient.getCode({ address: f.house, blockNumber: BigInt(record.deployBlock - 1) });
    expect(before ?? "0x").to.equal("0x");
    expect(record.deployTx).to.match(/^0x[0-9a-f]{64}$/);
    // The local chain's beacon: the local development beacon as npm start serves it by default.
    expect(record.beacon).to.deep.equal(localBeaconConfig(`http://127.0.0.1:${LOCAL_BEACON_PORT}`));
    expect(beaconFor(31337, f.dir)).to.deep.equal(record.beacon);
  });

  it("ETH second price with a sealed reserve: create, commit, replace, reveal (also for someone else), reveal the reserve, settle (delivers), nothing left to claim, list, status, audit", async () => {
    const c = f.common;
    const [seller, alice, bob, carol, dave] = f.accounts;
    const created = await run("auction:create", {
      ...c, lotToken: f.nft.address, tokenId: "1", bond: "0.1", sealedReserve: "1", floor: "0.5",
      commitWindow: "1h", revealWindow: "30m", receipt: f.path("reserve.json"),
    });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    expect(created.out).to.contain(`Created auction ${id}`);
    expect(parseReceipt(readFileSync(f.path("reserve.json"), "utf8")).role).to.equal("reserve");
    expect(await f.nft.read.ownerOf([1n])).to.equal(f.house);
    const a = String(id);

    const ca = await run("auction:commit", { ...c, from: "1", auction: a, amount: "2", deposit: "3", receipt: f.path("alice.json") });
    expect(ca.success, ca.err).to.equal(true);
    const aliceReceipt = parseReceipt(readFileSync(f.path("alice.json"), "utf8"));
    expect(ca.out).to.not.contain(aliceReceipt.salt.slice(2));
    expect(ca.out).to.contain("deposit is public");
    const cb = await run("auction:commit", { ...c, from: "2", auction: a, amount: "1.5", receipt: f.path("bob.json"), showSalt: true });
    expect(cb.success, cb.err).to.equal(true);
    expect(cb.out).to.contain(parseReceipt(readFileSync(f.path("bob.json"), "utf8")).salt);
    expect(cb.value.deposit).to.equal(parseEther("1.5")); // default deposit: max(bid, bond)
    expect((await run("auction:commit", { ...c, from: "3", auction: a, amount: "0.5", receipt: f.path("carol-1.json") })).success).to.equal(true);
    const replaced = await run("auction:commit", { ...c, from: "3", auction: a, amount: "2.5", deposit: "3", receipt: f.path("carol-2.json") });
    expect(replaced.success, replaced.err).to.equal(true);
    expect(replaced.out).to.contain("Replaced the commitment");
    expect(replaced.value.order).to.equal(3n);
    expect((await run("auction:commit", { ...c, from: "4", auction: a, amount: "1", receipt: f.path("dave.json") })).success).to.equal(true);

    await f.increase(3600);
    // Rule 6: no bid opens while the sealed reserve is in its window; the seller opens it first.
    const early = await run("auction:reveal", { ...c, from: "1", receipt: f.path("alice.json") });
    expect(early.success).to.equal(false);
    expect(early.error!.message).to.match(/sealed-reserve window .* no bid opens before the reserve/);
    const status0 = await run("auction:status", { ...c, auction: a });
    expect(status0.out).to.contain("OpeningReserve");
    const rr = await run("auction:reveal-reserve", { ...c, receipt: f.path("reserve.json") });
    expect(rr.success, rr.err).to.equal(true);
    expect(rr.out).to.contain("Effective reserve: 1 ETH");
    const ra = await run("auction:reveal", { ...c, from: "1", receipt: f.path("alice.json") });
    expect(ra.success, ra.err).to.equal(true);
    expect(ra.out).to.contain("It leads");
    const rb = await run("auction:reveal", { ...c, from: "1", receipt: f.path("bob.json") }); // alice opens bob's bid
    expect(rb.success, rb.err).to.equal(true);
    expect(rb.out).to.contain(`on behalf of ${bob}`);
    expect(rb.out).to.contain("refunded");
    const aliceBefore = await f.publicClient.getBalance({ address: alice });
    const rc = await run("auction:reveal", { ...c, from: "3", receipt: f.path("carol-2.json"), auction: a, bidder: carol });
    expect(rc.success, rc.err).to.equal(true);
    // carol displaces alice: alice's whole deposit goes back inside carol's reveal (alice pays no gas here).
    expect(rc.out).to.contain("It leads: its deposit is held until settlement.");
    expect(rc.out).to.contain(`The previous leader ${alice} was refunded its deposit of 3 ETH in this transaction.`);
    expect(rc.value.displaced).to.deep.equal({ bidder: alice, amount: parseEther("3"), refunded: true });
    expect((await f.publicClient.getBalance({ address: alice })) - aliceBefore).to.equal(parseEther("3"));

    await f.increase(1800);
    const [sellerBefore, carolBefore] = await Promise.all([seller, carol].map((x) => f.publicClient.getBalance({ address: x })));
    const settled = await run("auction:settle", { ...c, from: "5", auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value.winner).to.equal(carol);
    expect(settled.value.price).to.equal(parseEther("2"));
    expect(settled.value.burned).to.equal(parseEther("0.1")); // dave never opened
    // Settlement delivered everything (sent by account 5, so the balances move by exactly what was paid).
    expect(settled.out).to.contain(`Delivered in this transaction: the lot to the winner ${carol}; change of 1 ETH paid to the winner ${carol}; proceeds of 2.1 ETH paid to the seller ${seller}.`);
    expect(settled.out).to.contain(`Unopened commitments take back deposit − bond with auction:claim --what unrevealed: ${dave}.`);
    expect(settled.out).to.not.contain("now a claim");
    expect(settled.value.delivered).to.deep.equal({ lot: carol, refund: { to: carol, amount: parseEther("1") }, proceeds: { to: seller, amount: parseEther("2.1") } });
    expect(settled.value.claims).to.deep.equal([]);
    expect(await f.nft.read.ownerOf([1n])).to.equal(carol);
    expect((await f.publicClient.getBalance({ address: carol })) - carolBefore).to.equal(parseEther("1"));
    expect((await f.publicClient.getBalance({ address: seller })) - sellerBefore).to.equal(parseEther("2.1")); // price + reserve bond back

    // Nothing is left to claim for the lot, the proceeds, the change or the displaced leader: each says why
    // and sends nothing.
    const blocks = await f.blockNumber();
    const lot = await run("auction:claim", { ...c, from: "3", auction: a, what: "lot" });
    expect(lot.success, lot.err).to.equal(true);
    expect(lot.out).to.equal(`Nothing to claim, so nothing was sent: settlement delivered auction ${a}'s lot to ${carol} (tx ${settled.value.txHash}).`);
    expect(lot.value).to.deep.include({ txHash: null, delivered: { to: carol, amount: null, txHash: settled.value.txHash } });
    const proceeds = await run("auction:claim", { ...c, from: "0", auction: a, what: "proceeds" });
    expect(proceeds.out).to.equal(`Nothing to claim, so nothing was sent: settlement paid auction ${a}'s proceeds of 2.1 ETH to the seller ${seller} (tx ${settled.value.txHash}).`);
    const change = await run("auction:claim", { ...c, from: "3", auction: a, what: "refund" });
    expect(change.out).to.equal(`Nothing to claim, so nothing was sent: settlement paid the winner's change of 1 ETH to ${carol} in auction ${a} (tx ${settled.value.txHash}).`);
    const displaced = await run("auction:claim", { ...c, from: "1", auction: a, what: "refund", to: seller });
    expect(displaced.out).to.equal(`Nothing to claim, so nothing was sent: ${alice}'s deposit in auction ${a} was refunded by the reveal that displaced it as leader (tx ${rc.value.txHash}).`);
    const loser = await run("auction:claim", { ...c, from: "2", auction: a, what: "refund" });
    expect(loser.out).to.equal(`Nothing to claim, so nothing was sent: ${bob}'s deposit in auction ${a} was refunded by its own reveal (tx ${rb.value.txHash}).`);
    for (const r of [proceeds, change, displaced, loser]) expect(r.value.txHash).to.equal(null);
    expect(await f.blockNumber()).to.equal(blocks);
    const unrevealed = await run("auction:claim", { ...c, from: "4", auction: a, what: "unrevealed" });
    expect(unrevealed.value.amount).to.equal(parseEther("0.9"));

    const list = await run("auction:list", c);
    expect(list.success, list.err).to.equal(true);
    expect(list.out).to.match(new RegExp(`\\n\\s*${a}\\s+Settled`));
    const status = await run("auction:status", { ...c, auction: a });
    expect(status.out).to.contain(`winner ${carol} pays 2 ETH`);
    expect(status.out).to.contain(`lot delivered at settlement to ${carol}`);

    const audit = await run("auction:audit", { ...c, auction: a, json: f.path("audit.json"), csv: f.path("audit.csv") });
    expect(audit.success, audit.out + audit.err).to.equal(true);
    expect(audit.out).to.contain("OK: the settlement and the contract's state agree");
    const json = JSON.parse(readFileSync(f.path("audit.json"), "utf8"));
    expect(json.ok).to.equal(true);
    expect(json.status).to.equal("settled");
    expect(json.expected.winner).to.equal(carol);
    // created, commits (incl. replace), reveals, reserve, settled, lot, refunds (the change at settlement, dave's
    // unopened deposit), proceeds: alice's displaced refund was pushed inside carol's reveal, with no event.
    expect(json.logs).to.equal(1 + 5 + 3 + 1 + 1 + 1 + 2 + 1);
    expect(readFileSync(f.path("audit.csv"), "utf8").split("\n")[0]).to.equal("section,subject,expected,actual,ok");
    void alice;
  });

  it("ERC-20 lot paid in an ERC-20, first price, sealed reserve bonded in the token: settles early once everything is open and delivers", async () => {
    const c = f.common;
    const created = await run("auction:create", {
      ...c, lotToken: f.lotToken.address, lotAmount: "500", payment: f.payToken.address, format: "first-price",
      bond: "1", commitWindow: "2h", revealWindow: "2h", sealedReserve: "20", receipt: f.path("erc20-reserve.json"),
    });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    for (const [from, amount] of [["1", "40"], ["2", "55"]]) {
      const r = await run("auction:commit", { ...c, from, auction: a, amount, deposit: "60", receipt: f.path(`erc20-${from}.json`) });
      expect(r.success, r.err).to.equal(true);
    }
    await f.increase(2 * 3600);
    const reserve = await run("auction:reveal-reserve", { ...c, receipt: f.path("erc20-reserve.json") });
    expect(reserve.out).to.contain("Effective reserve: 20 PAY");
    const [seller, one, two] = f.accounts;
    const first = await run("auction:reveal", { ...c, from: "1", receipt: f.path("erc20-1.json") });
    expect(first.success, first.err).to.equal(true);
    const oneBefore = await f.payToken.read.balanceOf([one]);
    const second = await run("auction:reveal", { ...c, from: "2", receipt: f.path("erc20-2.json") });
    expect(second.success, second.err).to.equal(true);
    expect(second.out).to.contain(`The previous leader ${one} was refunded its deposit of 60 PAY in this transaction.`);
    expect((await f.payToken.read.balanceOf([one])) - oneBefore).to.equal(parseEther("60"));
    const [sellerPay, twoPay, twoLot] = [await f.payToken.read.balanceOf([seller]), await f.payToken.read.balanceOf([two]), await f.lotToken.read.balanceOf([two])];
    const settled = await run("auction:settle", { ...c, auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value.winner).to.equal(two);
    expect(settled.value.price).to.equal(parseEther("55"));
    expect(settled.out).to.contain(`Delivered in this transaction: the lot to the winner ${two}; change of 5 PAY paid to the winner ${two}; proceeds of 56 PAY paid to the seller ${seller}.`);
    expect((await f.lotToken.read.balanceOf([two])) - twoLot).to.equal(parseEther("500"));
    expect((await f.payToken.read.balanceOf([two])) - twoPay).to.equal(parseEther("5")); // deposit 60 − price 55
    expect((await f.payToken.read.balanceOf([seller])) - sellerPay).to.equal(parseEther("56")); // price + reserve bond
    expect(await f.lotToken.read.balanceOf([f.house])).to.equal(0n);
    const blocks = await f.blockNumber();
    const lot = await run("auction:claim", { ...c, from: "2", auction: a, what: "lot" });
    expect(lot.success, lot.err).to.equal(true);
    expect(lot.out).to.contain(`settlement delivered auction ${a}'s lot to ${two}`);
    expect(await f.blockNumber()).to.equal(blocks);
    const audit = await run("auction:audit", { ...c, auction: a });
    expect(audit.success, audit.out).to.equal(true);
    expect(audit.out).to.contain("PAY");
  });

  it("unsold below the floor: settlement returns the lot to the seller and the deposit to the leader; the audit agrees", async () => {
    const c = f.common;
    const created = await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "2", bond: "0.01", floor: "5", commitWindow: "10m", revealWindow: "10m" });
    const a = String(created.value.auctionId);
    expect((await run("auction:commit", { ...c, from: "1", auction: a, amount: "1", receipt: f.path("unsold.json") })).success).to.equal(true);
    await f.increase(600);
    expect((await run("auction:reveal", { ...c, receipt: f.path("unsold.json") })).success).to.equal(true);
    await f.increase(600);
    const settled = await run("auction:settle", { ...c, auction: a });
    expect(settled.value.winner).to.equal(null);
    expect(settled.out).to.contain("Unsold");
    // The lot goes back to the seller and the leader below the reserve gets its whole deposit, both in settlement.
    const bidder = f.accounts[1];
    expect(settled.out).to.contain(`Delivered in this transaction: the lot to the seller ${f.accounts[0]}; deposit of 1 ETH paid to the leader below the reserve ${bidder}.`);
    expect(settled.value.delivered).to.deep.equal({ lot: f.accounts[0], refund: { to: bidder, amount: parseEther("1") }, proceeds: null });
    expect(await f.nft.read.ownerOf([2n])).to.equal(f.accounts[0]);
    const lot = await run("auction:claim", { ...c, from: "0", auction: a, what: "lot" });
    expect(lot.out).to.contain(`settlement delivered auction ${a}'s lot to ${f.accounts[0]}`);
    const refund = await run("auction:claim", { ...c, from: "1", auction: a, what: "refund" });
    expect(refund.success, refund.err).to.equal(true);
    expect(refund.out).to.equal(`Nothing to claim, so nothing was sent: settlement paid the deposit of 1 ETH to ${bidder} in auction ${a} (tx ${settled.value.txHash}).`);
    expect(refund.value.txHash).to.equal(null);
    const audit = await run("auction:audit", { ...c, auction: a, allBidders: true });
    expect(audit.success, audit.out).to.equal(true);
    expect(audit.out).to.contain("none (unsold)");
  });

  it("auction:commit writes receipts to receipts/<chainId>/ by default and refuses to overwrite one", async () => {
    const c = f.common;
    const created = await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "3", bond: "0.01" });
    const a = String(created.value.auctionId);
    const first = await run("auction:commit", { ...c, from: "6", auction: a, amount: "0.2", receipt: f.path("dup.json") });
    expect(first.success).to.equal(true);
    const again = await run("auction:commit", { ...c, from: "6", auction: a, amount: "0.3", receipt: f.path("dup.json") });
    expect(again.success).to.equal(false);
    expect(again.error!.message).to.contain("already exists");
    expect(existsSync(f.path("dup.json"))).to.equal(true);
    const bidder = f.accounts[6] as Address;
    expect(parseReceipt(readFileSync(f.path("dup.json"), "utf8")).account).to.equal(bidder);
  });
});
