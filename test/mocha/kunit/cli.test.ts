/**
 * The kunit:* tasks end to end, in process, on a chain of the suite's own (test/mocha/cli/helpers.ts): every
 * step checked against balances, events and the contract's state, and bad input refused in one line before any
 * transaction (the block number does not move).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "chai";
import { parseEther, type Address, type Hex } from "viem";
import { bidCommitment, randomSalt } from "../../../lib/auction.js";
import { kUnitAuctionHouseAbi } from "../../../lib/kunit-abi.js";
import { fetchKUnitHistory, topSetOf } from "../../../lib/kunit-history.js";
import { KUNIT_EVENT_TOPICS } from "../../../lib/kunit-history.js";
import type { RpcLog } from "../../../lib/logs.js";
import { useConnection, type Connection } from "../../../tasks/common.js";
import { cliFixture, run, type CliFixture } from "../cli/helpers.js";

const deploy1155 = (f: CliFixture) => f.viem.deployContract("MockERC1155");

describe("k units: CLI tasks end to end (in-process network)", function () {
  this.timeout(120_000);
  let f: CliFixture;
  let kunitHouse: Address;
  let uniformId: bigint | undefined;
  let items: Awaited<ReturnType<typeof deploy1155>>;
  const ONE = parseEther("1");

  before(async () => {
    f = await cliFixture();
    const deployed = await run("kunit:deploy", f.common);
    expect(deployed.success, deployed.err).to.equal(true);
    kunitHouse = deployed.value.kunitHouse;
    items = await deploy1155(f);
  });
  after(() => f.close());

  const fee = async (hash: Hex) => {
    const r = await f.publicClient.getTransactionReceipt({ hash });
    return r.gasUsed * r.effectiveGasPrice;
  };
  const eth = (a: Address) => f.publicClient.getBalance({ address: a });
  const copies = (a: Address, id: bigint) => f.publicClient.readContract({ address: items.address, abi: items.abi, functionName: "balanceOf", args: [a, id] }) as Promise<bigint>;
  const state = (id: bigint) => f.publicClient.readContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "auctionState", args: [id] });
  const unitEvents = async (name: "UnitClaimed" | "BidRevealed", id: bigint) =>
    f.publicClient.getContractEvents({ address: kunitHouse, abi: kUnitAuctionHouseAbi, eventName: name, args: { auctionId: id }, fromBlock: 0n });

  it("kunit:deploy adds kunitHouse to the record and keeps its other fields", async () => {
    const record = JSON.parse(readFileSync(f.path("31337.json"), "utf8"));
    expect(record.auctionHouse).to.equal(f.house);
    expect(record.kunitHouse).to.equal(kunitHouse);
    expect(record.kunitDeployBlock).to.be.greaterThan(record.deployBlock);
    expect(await f.publicClient.getCode({ address: kunitHouse })).to.not.equal(undefined);
  });

  it("k = 3 ERC-1155 uniform price, 5 bidders: one opening by someone else, a displaced loser refunded, settle, every winner pays the same price, audit", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 7n, 3n]);

    // Bad input: one line, nothing sent.
    const b0 = await f.blockNumber();
    const zero = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "7", units: "0", bond: "0.1" });
    expect(zero.success).to.equal(false);
    expect(zero.error!.message).to.equal("--units 0 is out of range: a k-unit auction sells 1 to 1000 units");
    const tooMany = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "7", units: "4", bond: "0.1" });
    expect(tooMany.error!.message).to.match(/holds 3 copies .* fewer than the 4 units to sell/);
    const fmt = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "7", units: "3", bond: "0.1", format: "second-price" });
    expect(fmt.error!.message).to.match(/not a k-unit format: use uniform-price or pay-as-bid/);
    expect(await f.blockNumber()).to.equal(b0);

    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "7", units: "3", bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    const a = String(id);
    expect(created.out).to.contain(`Created k-unit auction ${id}`);
    uniformId = id;
    expect(await copies(kunitHouse, 7n)).to.equal(3n);

    // Five bidders: 1, 2, 3, 4 and 0.5 ETH (deposit = bid).
    const bids = ["1", "2", "3", "4", "0.5"];
    for (let i = 0; i < 5; i++) {
      const r = await run("kunit:commit", { ...c, from: String(i + 1), auction: a, amount: bids[i], receipt: f.path(`k3-${i + 1}.json`) });
      expect(r.success, r.err).to.equal(true);
      expect(r.value.order).to.equal(BigInt(i + 1));
    }
    const early = await run("kunit:reveal", { ...c, from: "1", receipt: f.path("k3-1.json") });
    expect(early.error!.message).to.match(/is open for commitments.*so you cannot open bids now|cannot open bids now/);
    await f.increase(3600);

    const r1 = await run("kunit:reveal", { ...c, from: "1", receipt: f.path("k3-1.json") });
    expect(r1.success, r1.err).to.equal(true);
    expect(r1.value.slot).to.equal(3);
    const again = await run("kunit:reveal", { ...c, from: "1", receipt: f.path("k3-1.json") });
    expect(again.error!.message).to.match(/is already open/);
    expect((await run("kunit:reveal", { ...c, from: "2", receipt: f.path("k3-2.json") })).value.slot).to.equal(2);
    // Bidder 3's bid opened by account 6, who pays the gas; the bid is bidder 3's.
    const by6 = await run("kunit:reveal", { ...c, from: "6", receipt: f.path("k3-3.json") });
    expect(by6.success, by6.err).to.equal(true);
    expect(by6.out).to.contain(`on behalf of ${f.accounts[3]}`);
    expect(by6.value.bidder).to.equal(f.accounts[3]);
    // A stale hint (slot 2 no longer ranks just below 4 ETH; the walk from it still lands right): same order.
    const r4 = await run("kunit:reveal", { ...c, from: "4", receipt: f.path("k3-4.json"), hint: "3" });
    expect(r4.success, r4.err).to.equal(true);
    expect(r4.value).to.include({ slot: 3, displaced: 1, hint: 3, retried: false });
    expect(r4.out).to.match(/pushed out commit order 1/);
    // 0.5 ETH does not enter: refunded in its own reveal.
    const before5 = await eth(f.accounts[5]);
    const r5 = await run("kunit:reveal", { ...c, from: "5", receipt: f.path("k3-5.json") });
    expect(r5.value.slot).to.equal(0);
    expect(await eth(f.accounts[5])).to.equal(before5 + parseEther("0.5") - (await fee(r5.value.txHash)));
    const allOpen = await run("kunit:reveal", { ...c, from: "5", receipt: f.path("k3-5.json") });
    expect(allOpen.error!.message).to.match(/is waiting for settlement.*cannot open bids now/);

    // The displaced loser takes its deposit back at once, before settlement.
    const held = await run("kunit:claim", { ...c, from: "2", auction: a, what: "refund" });
    expect(held.error!.message).to.match(/in the top set .* held until settlement/);
    const before1 = await eth(f.accounts[1]);
    const refund = await run("kunit:claim", { ...c, from: "1", auction: a, what: "refund" });
    expect(refund.success, refund.err).to.equal(true);
    expect(refund.value.amount).to.equal(ONE);
    expect(await eth(f.accounts[1])).to.equal(before1 + ONE - (await fee(refund.value.txHash)));

    const settled = await run("kunit:settle", { ...c, from: "7", auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value).to.include({ unitsSold: 3, price: ONE });
    expect(settled.value.winners.map((w: { bidder: Address }) => w.bidder)).to.deep.equal([f.accounts[4], f.accounts[3], f.accounts[2]]);
    expect((await state(id)).price).to.equal(ONE);

    // Every winner claims its unit and pays the same price: 1 ETH, the highest losing bid.
    const notWinner = await run("kunit:claim", { ...c, from: "5", auction: a, what: "unit" });
    expect(notWinner.error!.message).to.match(/has no unit to claim/);
    for (const i of [2, 3, 4]) {
      const w = f.accounts[i];
      const before = await eth(w);
      const r = await run("kunit:claim", { ...c, from: String(i), auction: a, what: "unit" });
      expect(r.success, r.err).to.equal(true);
      expect(r.value.price).to.equal(ONE);
      expect(await copies(w, 7n)).to.equal(1n);
      expect(await eth(w)).to.equal(before + BigInt(i - 1) * ONE - (await fee(r.value.txHash))); // change = bid − 1
    }
    expect((await unitEvents("UnitClaimed", id)).map((e) => (e.args as { price: bigint }).price)).to.deep.equal([ONE, ONE, ONE]);
    expect(await copies(kunitHouse, 7n)).to.equal(0n);
    const unsold = await run("kunit:claim", { ...c, auction: a, what: "unsold" });
    expect(unsold.error!.message).to.match(/no unsold units left/);
    const beforeSeller = await eth(seller);
    const proceeds = await run("kunit:claim", { ...c, auction: a, what: "proceeds" });
    expect(proceeds.value.amount).to.equal(3n * ONE);
    expect(await eth(seller)).to.equal(beforeSeller + 3n * ONE - (await fee(proceeds.value.txHash)));

    const audit = await run("kunit:audit", { ...c, auction: a, json: f.path("k3-audit.json") });
    expect(audit.success, audit.err).to.equal(true);
    expect(audit.value.ok).to.equal(true);
    expect(audit.value.units).to.include({ sold: 3, delivered: 3, inHouse: 0 });
    expect(audit.value.money).to.include({ heldForBidders: 0n, sellerReleased: 0n, sellerTotal: 3n * ONE });
    expect(JSON.parse(readFileSync(f.path("k3-audit.json"), "utf8")).ok).to.equal(true);
    const status = await run("kunit:status", { ...c, auction: a });
    expect(status.out).to.contain("settled: 3 unit(s) sold at 1 ETH each");
    expect(status.out).to.match(/displaced/);
    const list = await run("kunit:list", c);
    expect(list.value.map((x: { auctionId: bigint }) => x.auctionId)).to.include(id);
  });

  it("a hint too stale for the house (HintTooFar) is recomputed from the logs and the reveal retried once", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 8n, 18n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "8", units: "18", bond: "0.01" });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    // 17 bids opened straight through the contract, then one above them all.
    const fillers: { i: number; amount: bigint; salt: Hex }[] = [];
    for (let i = 1; i <= 17; i++) {
      const amount = parseEther("0.1") * BigInt(i);
      const salt = randomSalt();
      const commitment = bidCommitment({ chainId: 31337, auctionHouse: kunitHouse, auctionId: id }, f.accounts[i], amount, salt);
      await f.wallets[i].writeContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "commit", args: [id, commitment, amount], value: amount });
      fillers.push({ i, amount, salt });
    }
    const top = await run("kunit:commit", { ...c, from: "18", auction: String(id), amount: "5", receipt: f.path("k18-top.json") });
    expect(top.success, top.err).to.equal(true);
    await f.increase(3600);
    for (const b of fillers) {
      const h = await fetchKUnitHistory(f.conn.provider as never, { auctionHouse: kunitHouse, auctionId: id, fromBlock: 0n });
      const hint = topSetOf(h).hintFor({ amount: b.amount, order: b.i });
      await f.wallets[0].writeContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "reveal", args: [id, f.accounts[b.i], b.amount, b.salt, b.amount, BigInt(b.i), BigInt(hint)] });
    }
    // Hint 0 ("ranks lowest") makes the house walk 17 members: it refuses; the task recomputes and retries.
    const h = await fetchKUnitHistory(f.conn.provider as never, { auctionHouse: kunitHouse, auctionId: id, fromBlock: 0n });
    expect(() => topSetOf(h).open({ amount: 5n * ONE, order: 18, valid: true }, 0)).to.throw(/HintTooFar/);
    const fresh = topSetOf(h).hintFor({ amount: 5n * ONE, order: 18 });
    const r = await run("kunit:reveal", { ...c, from: "18", receipt: f.path("k18-top.json"), hint: "0" });
    expect(r.success, r.err).to.equal(true);
    expect(r.out).to.contain(`The hint 0 was stale (the top set changed); retrying with hint ${fresh} computed from the logs.`);
    expect(r.value).to.include({ retried: true, hint: fresh, slot: 1 });
    expect((await unitEvents("BidRevealed", id)).length).to.equal(18);
    expect((await state(id)).unitsFree).to.equal(0);
  });

  it("pay-as-bid, ERC-1155 paid in ETH: each winner pays its bid; a delivery by the seller; an unopened bid forfeits its bond; audit", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 9n, 2n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "9", units: "2", bond: "0.1", format: "pay-as-bid" });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    const id = created.value.auctionId as bigint;
    for (const [i, amount, deposit] of [[1, "1.5", "2"], [2, "2.5", ""], [3, "1", ""], [4, "3", ""]] as const) {
      expect((await run("kunit:commit", { ...c, from: String(i), auction: a, amount, deposit, receipt: f.path(`pab-${i}.json`) })).success).to.equal(true);
    }
    await f.increase(3600);
    // A keeper opens three bids in one transaction (revealMany, hints chained from the logs).
    const mixed = await run("kunit:reveal-many", { ...c, from: "9", receipts: `${f.path("pab-1.json")},${f.path("k3-1.json")}` });
    expect(mixed.error!.message).to.match(/is for auction \d+, not \d+: one batch opens bids of one auction/);
    const many = await run("kunit:reveal-many", { ...c, from: "9", receipts: [1, 2, 3].map((i) => f.path(`pab-${i}.json`)).join(",") });
    expect(many.success, many.err).to.equal(true);
    expect(many.value).to.deep.include({ opened: 3, notOpened: [] });
    expect(many.value.txHashes).to.have.length(1);
    expect((await unitEvents("BidRevealed", id)).length).to.equal(3);
    const tooEarly = await run("kunit:settle", { ...c, auction: a });
    expect(tooEarly.error!.message).to.match(/1 commitment\(s\) are still unopened/);
    await f.increase(3600);
    const settled = await run("kunit:settle", { ...c, auction: a });
    expect(settled.value).to.include({ unitsSold: 2, price: 0n });
    expect(settled.out).to.contain(`winner ${f.accounts[2]} pays 2.5 ETH`);
    expect(settled.out).to.contain(`winner ${f.accounts[1]} pays 1.5 ETH`);

    const claimed = await run("kunit:claim", { ...c, from: "2", auction: a, what: "unit" });
    expect(claimed.value.price).to.equal(parseEther("2.5"));
    // The seller delivers bidder 1's unit: its price is released, its change (2 − 1.5) waits as its refund.
    const notSeller = await run("kunit:claim", { ...c, from: "3", auction: a, what: "deliver", winner: f.accounts[1] });
    expect(notSeller.error!.message).to.match(/only the seller/);
    const delivered = await run("kunit:claim", { ...c, auction: a, what: "deliver", winner: f.accounts[1] });
    expect(delivered.success, delivered.err).to.equal(true);
    expect(await copies(f.accounts[1], 9n)).to.equal(1n);
    const before1 = await eth(f.accounts[1]);
    const change = await run("kunit:claim", { ...c, from: "1", auction: a, what: "change" });
    expect(change.value.amount).to.equal(parseEther("0.5"));
    expect(await eth(f.accounts[1])).to.equal(before1 + parseEther("0.5") - (await fee(change.value.txHash)));
    const unopened = await run("kunit:claim", { ...c, from: "4", auction: a, what: "unrevealed" });
    expect(unopened.value.amount).to.equal(parseEther("2.9"));
    const proceeds = await run("kunit:claim", { ...c, auction: a, what: "proceeds" });
    expect(proceeds.value.amount).to.equal(parseEther("4"));

    const audit = await run("kunit:audit", { ...c, auction: a });
    expect(audit.success, audit.err).to.equal(true);
    expect(audit.value.settlement.burned).to.equal(parseEther("0.1"));
    expect(audit.value.money).to.include({ inflow: parseEther("8.5"), burned: parseEther("0.1"), sellerTotal: parseEther("4"), heldForBidders: 0n });
    expect((await state(id)).releasedProceeds).to.equal(0n);
  });

  it("ERC-20 tranche lot paid in an ERC-20: 300 tokens in 3 units of 100, one unsold unit back to the seller, audit", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    const bad = await f.blockNumber();
    const indivisible = await run("kunit:create", { ...c, lotToken: f.lotToken.address, lotAmount: "301wei", units: "3", bond: "1", payment: f.payToken.address });
    expect(indivisible.error!.message).to.equal("--lot-amount 301 base units does not split into 3 equal units (remainder 1): choose a multiple of 3");
    expect(await f.blockNumber()).to.equal(bad);

    const sellerLot = await f.lotToken.read.balanceOf([seller]);
    const created = await run("kunit:create", { ...c, lotToken: f.lotToken.address, lotAmount: "300", units: "3", bond: "1", payment: f.payToken.address, floor: "10" });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    expect(await f.lotToken.read.balanceOf([kunitHouse])).to.equal(parseEther("300"));
    const pay = (x: Address) => f.payToken.read.balanceOf([x]);
    const start = [await pay(f.accounts[1]), await pay(f.accounts[2]), await pay(f.accounts[3])];
    writeFileSync(f.path("sealed-opening.bin"), "age-encryption.org/v1 (a stand-in ciphertext)");
    writeFileSync(f.path("empty.bin"), "");
    const empty = await run("kunit:commit", { ...c, from: "1", auction: a, amount: "25", sealedOpening: f.path("empty.bin") });
    expect(empty.error!.message).to.match(/is 0 bytes: the house accepts 1 to 2048/);
    for (const [i, amount] of [[1, "25"], [2, "40"], [3, "5"]] as const) {
      const r = await run("kunit:commit", { ...c, from: String(i), auction: a, amount, receipt: f.path(`t-${i}.json`), sealedOpening: i === 2 ? f.path("sealed-opening.bin") : "" });
      expect(r.success, r.err).to.equal(true);
    }
    const h = await fetchKUnitHistory(f.conn.provider as never, { auctionHouse: kunitHouse, auctionId: created.value.auctionId, fromBlock: 0n });
    expect(h.bidders.map((b) => b.sealedOpenings.length)).to.deep.equal([0, 1, 0]);
    expect(Buffer.from(h.bidders[1].sealedOpenings[0].sealedOpening.slice(2), "hex").toString()).to.equal("age-encryption.org/v1 (a stand-in ciphertext)");
    await f.increase(3600);
    for (const i of [1, 2, 3]) expect((await run("kunit:reveal", { ...c, from: String(i), receipt: f.path(`t-${i}.json`) })).success).to.equal(true);
    const settled = await run("kunit:settle", { ...c, auction: a });
    // Two bids reach the floor of 10; the price is max(highest losing valid bid 5, floor 10) = 10.
    expect(settled.value).to.include({ unitsSold: 2, price: parseEther("10") });
    for (const i of [1, 2]) {
      const r = await run("kunit:claim", { ...c, from: String(i), auction: a, what: "unit" });
      expect(r.success, r.err).to.equal(true);
      expect(await f.lotToken.read.balanceOf([f.accounts[i]])).to.equal(parseEther("100"));
      expect(await pay(f.accounts[i])).to.equal(start[i - 1] - parseEther("10"));
    }
    expect(await pay(f.accounts[3])).to.equal(start[2]); // refunded in its reveal
    const back = await run("kunit:claim", { ...c, auction: a, what: "unsold" });
    expect(back.success, back.err).to.equal(true);
    expect(back.out).to.contain("Sent 1 unsold unit(s)");
    expect(await f.lotToken.read.balanceOf([seller])).to.equal(sellerLot - parseEther("200"));
    const proceeds = await run("kunit:claim", { ...c, auction: a, what: "proceeds" });
    expect(proceeds.value.amount).to.equal(parseEther("20"));
    const audit = await run("kunit:audit", { ...c, auction: a });
    expect(audit.success, audit.err).to.equal(true);
    expect(audit.value.units).to.include({ total: 3, sold: 2, unsold: 1, delivered: 2, unsoldReturned: 1, inHouse: 0 });
  });
  it("sealed reserve: no bid opens before the seller opens it; the price is max(highest losing bid, reserve); the bond comes back with the proceeds", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 10n, 2n]);
    const badWindow = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "10", units: "2", bond: "0.1", sealedReserve: "1.5", reserveWindow: "2h", revealWindow: "1h" });
    expect(badWindow.error!.message).to.match(/--reserve-window \(2h\) must be shorter than --reveal-window/);
    const created = await run("kunit:create", {
      ...c, lotToken: items.address, tokenId: "10", units: "2", bond: "0.1", sealedReserve: "1.5", reserveWindow: "10m", receipt: f.path("k-reserve.json"),
    });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    const a = String(id);
    expect(created.value.terms.reserveEnd).to.equal(created.value.terms.commitEnd + 600);
    for (const [i, amount] of [[1, "1"], [2, "2"], [3, "3"]] as const) {
      expect((await run("kunit:commit", { ...c, from: String(i), auction: a, amount, receipt: f.path(`kr-${i}.json`) })).success).to.equal(true);
    }
    await f.increase(3600);
    const early = await run("kunit:reveal", { ...c, from: "1", receipt: f.path("kr-1.json") });
    expect(early.error!.message).to.match(/sealed-reserve window .* no bid opens before the reserve/);
    const wrongReceipt = await run("kunit:reveal-reserve", { ...c, receipt: f.path("kr-1.json") });
    expect(wrongReceipt.error!.message).to.equal("this is a bid receipt: open it with kunit:reveal");
    const opened = await run("kunit:reveal-reserve", { ...c, receipt: f.path("k-reserve.json") });
    expect(opened.success, opened.err).to.equal(true);
    expect(opened.value.reserve).to.equal(parseEther("1.5"));
    for (const i of [1, 2, 3]) expect((await run("kunit:reveal", { ...c, from: String(i), receipt: f.path(`kr-${i}.json`) })).success).to.equal(true);
    const settled = await run("kunit:settle", { ...c, auction: a });
    expect(settled.value).to.include({ unitsSold: 2, price: parseEther("1.5"), effectiveReserve: parseEther("1.5") });
    for (const i of [2, 3]) expect((await run("kunit:claim", { ...c, from: String(i), auction: a, what: "unit" })).value.price).to.equal(parseEther("1.5"));
    const proceeds = await run("kunit:claim", { ...c, auction: a, what: "proceeds" });
    expect(proceeds.value.amount).to.equal(parseEther("3.1"));
    const audit = await run("kunit:audit", { ...c, auction: a });
    expect(audit.success, audit.err).to.equal(true);
    expect(audit.value.checks.find((x: { check: string }) => x.check.startsWith("sealed reserve opening")).ok).to.equal(true);
  });
  it("bad input is refused in one line before any transaction", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 11n, 2n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "11", units: "2", bond: "0.5" });
    const a = String(created.value.auctionId);
    // A single-item auction's receipt, for the other house.
    const single = await run("auction:create", { ...c, lotToken: f.nft.address, tokenId: "20", bond: "0.1" });
    expect((await run("auction:commit", { ...c, from: "1", auction: String(single.value.auctionId), amount: "1", receipt: f.path("single-bid.json") })).success).to.equal(true);
    const start = await f.blockNumber();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["kunit:commit", { auction: "999", amount: "1" }, /^there is no k-unit auction 999 at 0x[0-9a-fA-F]{40} on chain 31337$/],
      ["kunit:commit", { auction: a, amount: "2", deposit: "1" }, /^your bid of 2 ETH is above your deposit of 1 ETH: .* raise --deposit$/],
      ["kunit:commit", { auction: a, amount: "1", deposit: "0.4" }, /^--deposit 0.4 ETH is below auction \d+'s bond of 0.5 ETH$/],
      ["kunit:commit", { auction: a, amount: "1.5x" }, /^--amount "1.5x" is not an amount/],
      ["kunit:reveal", { receipt: f.path("single-bid.json") }, /^the receipt is for auction contract 0x[0-9a-fA-F]{40}, not 0x[0-9a-fA-F]{40}/],
      ["kunit:reveal", { receipt: f.path("nope.json") }, /does not exist/],
      ["kunit:reveal", { receipt: f.path("k3-1.json"), hint: "x" }, /^--hint "x" is not a node slot/],
      ["kunit:claim", { auction: a, what: "lot" }, /^--what "lot" is not a k-unit claim/],
      ["kunit:reveal-many", { receipts: " , " }, /^--receipts is required/],
      ["kunit:claim", { auction: a, what: "deliver" }, /^--winner is required with --what deliver/],
      ["kunit:claim", { from: "3", auction: a, what: "refund" }, /^nothing is owed to 0x[0-9a-fA-F]{40} in k-unit auction \d+$/],
      ["kunit:settle", { auction: a }, /is open for commitments|cannot settle it now/],
      ["kunit:create", { lotToken: items.address, tokenId: "11", units: "2", bond: "0" }, /^--bond must be greater than zero/],
      ["kunit:create", { lotToken: f.nft.address, tokenId: "1", units: "2", bond: "1" }, /does not report ERC-1155/],
      ["kunit:audit", { auction: "0" }, /^--auction 0 is not an auction id/],
    ];
    for (const [task, args, message] of cases) {
      const r = await run(task, { ...c, ...args });
      expect(r.success, `${task} ${JSON.stringify(args)}`).to.equal(false);
      expect(r.error!.message, `${task} ${JSON.stringify(args)}`).to.match(message);
      expect(r.err.split("\n")).to.have.length(1);
    }
    expect(await f.blockNumber()).to.equal(start);
  });
  it("kunit:audit fails (exit 1) with the difference when the endpoint forges the settlement's price", async function () {
    if (uniformId === undefined) this.skip();
    const settled = KUNIT_EVENT_TOPICS.AuctionSettled.toLowerCase();
    const forge = (l: RpcLog): RpcLog => {
      if (l.topics[0].toLowerCase() !== settled) return l;
      const words = l.data.slice(2).match(/.{64}/g)!;
      words[1] = (2n * ONE).toString(16).padStart(64, "0");
      return { ...l, data: `0x${words.join("")}` as Hex };
    };
    const real = f.conn.provider;
    const provider = {
      request: async (a: { method: string; params?: unknown[] }) => {
        const r = await real.request(a as never);
        return a.method === "eth_getLogs" ? (r as RpcLog[]).map(forge) : r;
      },
    };
    // The same connection (accounts, views) whose log answers are forged.
    const forging = new Proxy(f.conn, {
      get: (t, key) => {
        if (key === "provider") return provider;
        const v = Reflect.get(t, key, t);
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    const restore = useConnection(forging as Connection);
    try {
      const audit = await run("kunit:audit", { ...f.common, auction: String(uniformId) });
      expect(audit.success).to.equal(false);
      expect(audit.err.split("\n")).to.have.length(1);
      expect(audit.error!.message).to.match(/uniform price \(0 for pay-as-bid\): expected 1 ETH, found 2 ETH/);
      expect(audit.error!.message).to.match(/price \(auctionState.price\): expected 2 ETH, found 1 ETH/);
    } finally {
      restore();
    }
  });
});
