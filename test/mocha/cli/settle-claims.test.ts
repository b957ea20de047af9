/**
 * Settlement's pushes that fail become claims, and the CLI says which command claims each one: a lot token and
 * a payment token that refuse the winner (and the seller), a displaced leader whose refund the reveal could not
 * push. auction:claim then claims each leftover; proceeds wait for the lot to leave the house.
 */
import { expect } from "chai";
import { parseEther } from "viem";
import { cliFixture, run, type CliFixture } from "./helpers.js";

describe("CLI: settlement pushes that fail are left as claims", function () {
  this.timeout(60_000);
  let f: CliFixture;
  before(async () => {
    f = await cliFixture();
  });
  after(() => f.close());

  it("settle names each failed push and its claim command; auction:claim claims the lot, the change, the proceeds and a displaced leader's refund", async () => {
    const c = f.common;
    const [seller, one, two, , , , other, another] = f.accounts;
    const lotToken = await f.viem.deployContract("HostileERC20", []);
    const pay = await f.viem.deployContract("HostileERC20", []);
    await lotToken.write.mint([seller, parseEther("100")]);
    for (const b of [one, two]) await pay.write.mint([b, parseEther("100")]);
    const created = await run("auction:create", {
      ...c, lotToken: lotToken.address, lotAmount: "100", payment: pay.address, bond: "1", floor: "10", commitWindow: "10m", revealWindow: "10m",
    });
    expect(created.success, created.err).to.equal(true);
    const a = String(created.value.auctionId);
    const id = created.value.auctionId as bigint;
    for (const [from, amount, deposit] of [["1", "30", "40"], ["2", "50", "60"]]) {
      const r = await run("auction:commit", { ...c, from, auction: a, amount, deposit, receipt: f.path(`hostile-${from}.json`) });
      expect(r.success, r.err).to.equal(true);
    }
    await f.increase(600);
    expect((await run("auction:reveal", { ...c, from: "1", receipt: f.path("hostile-1.json") })).success).to.equal(true);
    // The payment token now refuses bidder one: the reveal that displaces it cannot push its deposit back.
    await pay.write.setBlocked([one, true]);
    const displacing = await run("auction:reveal", { ...c, from: "2", receipt: f.path("hostile-2.json") });
    expect(displacing.success, displacing.err).to.equal(true);
    expect(displacing.out).to.contain(`The previous leader ${one}'s refund of 40 HOST could not be paid in this transaction (RefundDeferred): it claims it now with auction:claim --auction ${a} --what refund --from ${one}.`);
    expect(displacing.value.displaced).to.deep.equal({ bidder: one, amount: parseEther("40"), refunded: false });
    const house = await f.viem.getContractAt("AuctionHouse", f.house);
    expect(await house.read.positionOf([id, one])).to.deep.equal([2, parseEther("40")]);

    // Both tokens refuse the winner, and the payment token the seller: every push of settlement fails.
    await lotToken.write.setBlocked([two, true]);
    await pay.write.setBlocked([two, true]);
    await pay.write.setBlocked([seller, true]);
    await f.increase(600);
    const settled = await run("auction:settle", { ...c, from: "5", auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value.winner).to.equal(two);
    expect(settled.value.price).to.equal(parseEther("30"));
    const claim = (what: string, from: string) => `auction:claim --auction ${a} --what ${what} --from ${from}`;
    expect(settled.out.split("\n").slice(3)).to.deep.equal([
      `  The lot could not be delivered to the winner ${two} (it refused it, or the token did not move): it is now a claim: ${claim("lot", two)} [--to ADDRESS], or the seller delivers it with ${claim("lot", seller)}.`,
      `  The change of 30 HOST could not be paid to the winner ${two}: it is now a claim: ${claim("refund", two)} [--to ADDRESS].`,
      `  The proceeds of 30 HOST stay with the house (they are paid once the lot has left the house): they are now a claim: ${claim("proceeds", seller)} [--to ADDRESS].`,
      `  Refunds a reveal could not pay stay claims (auction:claim --what refund): ${one}.`,
    ]);
    expect(settled.value.delivered).to.deep.equal({ lot: null, refund: null, proceeds: null });
    expect(settled.value.claims).to.deep.equal([
      { what: "lot", account: two, amount: null },
      { what: "refund", account: two, amount: parseEther("30") },
      { what: "proceeds", account: seller, amount: parseEther("30") },
    ]);
    expect((await house.read.auctionState([id])).lotClaimed).to.equal(false);
    expect(await house.read.proceedsOf([id, seller])).to.equal(parseEther("30"));
    expect(await house.read.positionOf([id, two])).to.deep.equal([2, parseEther("30")]);
    expect(await lotToken.read.balanceOf([f.house])).to.equal(parseEther("100"));

    // Proceeds wait for the lot: refused before anything is sent.
    let blocks = await f.blockNumber();
    const early = await run("auction:claim", { ...c, from: "0", auction: a, what: "proceeds", to: another });
    expect(early.success).to.equal(false);
    expect(early.error!.message).to.equal(`Auction ${a}'s lot has not left the auction contract yet: the seller is paid once the winner claims it, or once the seller delivers it to the winner (claim the lot as the seller).`);
    expect(await f.blockNumber()).to.equal(blocks);

    // The winner claims its lot elsewhere; then the seller's proceeds, the change and the displaced refund.
    const lot = await run("auction:claim", { ...c, from: "2", auction: a, what: "lot", to: other });
    expect(lot.success, lot.err).to.equal(true);
    expect(lot.out).to.contain(`Sent auction ${a}'s lot to ${other}`);
    expect(await lotToken.read.balanceOf([other])).to.equal(parseEther("100"));
    const proceeds = await run("auction:claim", { ...c, from: "0", auction: a, what: "proceeds", to: another });
    expect(proceeds.success, proceeds.err).to.equal(true);
    expect(proceeds.value.amount).to.equal(parseEther("30"));
    expect(await pay.read.balanceOf([another])).to.equal(parseEther("30"));
    const change = await run("auction:claim", { ...c, from: "2", auction: a, what: "refund", to: other });
    expect(change.value.amount).to.equal(parseEther("30")); // deposit 60 − price 30
    const displaced = await run("auction:claim", { ...c, from: "1", auction: a, what: "refund", to: other });
    expect(displaced.value.amount).to.equal(parseEther("40"));
    expect(await pay.read.balanceOf([other])).to.equal(parseEther("70"));
    expect(await pay.read.balanceOf([f.house])).to.equal(0n);

    // Claimed once, not again: the contract's refusal, in a sentence, and nothing sent.
    blocks = await f.blockNumber();
    const again = await run("auction:claim", { ...c, from: "2", auction: a, what: "lot" });
    expect(again.success).to.equal(false);
    expect(again.error!.message).to.equal(`Auction ${a}'s lot has already left the house (claimed, or delivered at settlement).`);
    expect(await f.blockNumber()).to.equal(blocks);

    const audit = await run("auction:audit", { ...c, auction: a });
    expect(audit.success, audit.out).to.equal(true);
    expect(audit.out).to.contain("OK: the settlement and the contract's state agree");
  });
});
