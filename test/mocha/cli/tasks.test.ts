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

  it("ETH second price with a sealed reserve: create, commit, replace, reveal (also for someone else), reveal the reserve, settle, claim, list, status, audit", async () => {
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
    const rc = await run("auction:reveal", { ...c, from: "3", receipt: f.path("carol-2.json"), auction: a, bidder: carol });
    expect(rc.success, rc.err).to.equal(true);

    await f.increase(1800);
    const settled = await run("auction:settle", { ...c, from: "5", auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value.winner).to.equal(carol);
    expect(settled.value.price).to.equal(parseEther("2"));
    expect(settled.value.burned).to.equal(parseEther("0.1")); // dave never opened

    const lot = await run("auction:claim", { ...c, from: "3", auction: a, what: "lot" });
    expect(lot.success, lot.err).to.equal(true);
    expect(await f.nft.read.ownerOf([1n])).to.equal(carol);
    const proceeds = await run("auction:claim", { ...c, from: "0", auction: a, what: "proceeds" });
    expect(proceeds.value.amount).to.equal(parseEther("2.1")); // price + reserve bond back
    const change = await run("auction:claim", { ...c, from: "3", auction: a, what: "refund" });
    expect(change.value.amount).to.equal(parseEther("1"));
    const displaced = await run("auction:claim", { ...c, from: "1", auction: a, what: "refund", to: seller });
    expect(displaced.value.recipient).to.equal(seller);
    expect(displaced.value.amount).to.equal(parseEther("3"));
    const unrevealed = await run("auction:claim", { ...c, from: "4", auction: a, what: "unrevealed" });
    expect(unrevealed.value.amount).to.equal(parseEther("0.9"));
    void dave;

    const list = await run("auction:list", c);
    expect(list.success, list.err).to.equal(true);
    expect(list.out).to.match(new RegExp(`\\n\\s*${a}\\s+Settled`));
    const status = await run("auction:status", { ...c, auction: a });
    expect(status.out).to.contain(`winner ${carol} pays 2 ETH`);
    expect(status.out).to.contain("lot claimed");

    const audit = await run("auction:audit", { ...c, auction: a, json: f.path("audit.json"), csv: f.path("audit.csv") });
    expect(audit.success, audit.out + audit.err).to.equal(true);
    expect(audit.out).to.contain("OK: the settlement and the contract's state agree");
    const json = JSON.parse(readFileSync(f.path("audit.json"), "utf8"));
    expect(json.ok).to.equal(true);
    expect(json.status).to.equal("settled");
    expect(json.expected.winner).to.equal(carol);
    expect(json.logs).to.equal(1 + 5 + 3 + 1 + 1 + 1 + 3 + 1); // created, commits (incl. replace), reveals, reserve, settled, lot, refunds, proceeds
    expect(readFileSync(f.path("audit.csv"), "utf8").split("\n")[0]).to.equal("section,subject,expected,actual,ok");
    void alice;
  });

  it("ERC-20 lot paid in an ERC-20, first price, sealed reserve bonded in the token: settles early once everything is open", async () => {
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
    for (const from of ["1", "2"]) expect((await run("auction:reveal", { ...c, from, receipt: f.path(`erc20-${from}.json`) })).success).to.equal(true);
    const settled = await run("auction:settle", { ...c, auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value.winner).to.equal(f.accounts[2]);
    expect(settled.value.price).to.equal(parseEther("55"));
    const lot = await run("auction:claim", { ...c, from: "2", auction: a, what: "lot" });
    expect(lot.success, lot.err).to.equal(true);
    expect(await f.lotToken.read.balanceOf([f.accounts[2]])).to.equal(parseEther("500"));
    const audit = await run("auction:audit", { ...c, auction: a });
    expect(audit.success, audit.out).to.equal(true);
    expect(audit.out).to.contain("PAY");
  });

  it("unsold below the floor: the seller claims the lot back and the audit agrees", async () => {
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
    expect((await run("auction:claim", { ...c, from: "0", auction: a, what: "lot" })).success).to.equal(true);
    expect(await f.nft.read.ownerOf([2n])).to.equal(f.accounts[0]);
    const refund = await run("auction:claim", { ...c, from: "1", auction: a, what: "refund" });
    expect(refund.success, refund.err).to.equal(true);
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
