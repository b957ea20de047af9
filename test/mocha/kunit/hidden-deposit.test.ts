/**
 * Hidden deposits (rule 16) in the k-unit house, with the single-item house's semantics: commitHidden posts
 * exactly the bond, the rest of the collateral goes by a plain transfer (from any account) to the bid's CREATE2
 * vault, and the opening sweeps the vault before the bid is ranked, so validity, the top-set entry, refunds and
 * held deposits all use the effective deposit, bond + swept. Late or unopened funds come back by recoverVault.
 * The k-unit history and audit (lib/kunit-history.ts, lib/kunit-audit.ts) must stay clean with hidden bids.
 */
import { expect } from "chai";
import { createPublicClient, custom, parseEther, type Address, type Hex, type PublicClient } from "viem";
import { positionDigest } from "../../../lib/auction.js";
import { auditKUnitHistory, readKUnitViews } from "../../../lib/kunit-audit.js";
import { fetchKUnitHistory, kUnitBidderOf, topSetOf } from "../../../lib/kunit-history.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { readReceiptFile } from "../../../tasks/common.js";
import { hiddenPositionDigest, vaultAddress } from "../../../lib/vault.js";
import { cliFixture, run, type CliFixture } from "../cli/helpers.js";
import {
  BOND, ONE, PHASE, POSITION, createUnitAuction, deployUnitFixture, ethers, feeOf, networkHelpers, salt, type UnitAuction, type UnitBid,
  type UnitFixture,
} from "./fixture.js";

const rpc: RpcRequester = { request: ({ method, params }) => ethers.provider.send(method, (params as unknown[]) ?? []) };
const client = createPublicClient({ transport: custom(rpc) }) as unknown as PublicClient;

/** Commits `amount` with a hidden deposit (the bond only); returns the bid (deposit = bond) and its vault. */
async function commitHidden(a: UnitAuction, bidder: UnitBid["bidder"], amount: bigint, label = `hidden ${a.id} ${bidder.address} ${amount}`) {
  const s = salt(label);
  const commitment = a.commitmentFor(bidder.address, amount, s);
  const receipt = (await (await a.house.connect(bidder).commitHidden(a.id, commitment, { value: a.eth ? a.terms.bond : 0n })).wait())!;
  const events = receipt.logs.filter((l) => l.address === a.house.target).map((l) => a.house.interface.parseLog(l)!.name);
  expect(events).to.deep.equal(["BidCommitted", "DepositHidden"]);
  const committed = receipt.logs.map((l) => a.house.interface.parseLog(l)).find((e) => e?.name === "BidCommitted")!;
  const bid: UnitBid = { bidder, amount, salt: s, deposit: a.terms.bond, order: committed.args.order, commitment };
  a.bids.set(bidder.address, bid);
  const vault = vaultAddress(domain(a), bidder.address as Address, s, a.eth ? undefined : (a.terms.paymentToken as Address));
  return { bid, vault };
}

function domain(a: UnitAuction) {
  return { chainId: a.f.chainId, auctionHouse: a.house.target as Address, auctionId: a.id };
}

/** Funds a vault from `from` (another account than the bidder), in the auction's payment asset. */
async function fund(a: UnitAuction, from: UnitBid["bidder"], vault: string, amount: bigint) {
  if (a.eth) await (await from.sendTransaction({ to: vault, value: amount })).wait();
  else await (await a.f.payToken.connect(from).transfer(vault, amount)).wait();
}

async function houseBalance(a: UnitAuction): Promise<bigint> {
  return a.balanceOf(a.house.target as string);
}

async function audit(a: UnitAuction) {
  const h = await fetchKUnitHistory(rpc, { auctionHouse: a.house.target as Address, auctionId: a.id, fromBlock: 0n });
  return { h, report: auditKUnitHistory(h, await readKUnitViews(client, h)) };
}

async function expectClean(a: UnitAuction, stage: string) {
  const { h, report } = await audit(a);
  expect(h.anomalies, `${stage}: ${h.anomalies.join("; ")}`).to.deep.equal([]);
  expect(report.differences, `${stage}: ${report.differences.join("; ")}`).to.deep.equal([]);
  return { h, report };
}

describe("k units: hidden deposits (vaults)", () => {
  let f: UnitFixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployUnitFixture);
  });

  it("test_commitHidden_postsTheBond_storesTheHiddenDigest_andVaultOfIsLibVaultAddress", async () => {
    const a = await createUnitAuction(f, { units: 2 });
    const { bid, vault } = await commitHidden(a, f.alice, 3n * ONE);
    expect(await a.house.vaultOf(a.id, f.alice.address, bid.salt)).to.equal(vault);
    const digest = positionDigest(bid.commitment, BOND, Number(bid.order));
    const [status, value] = await a.house.positionOf(a.id, f.alice.address);
    expect(status).to.equal(POSITION.Sealed);
    expect(value).to.equal(BigInt(hiddenPositionDigest(digest)));
    expect(await a.house.hiddenPositionDigest(bid.commitment, BOND, bid.order)).to.equal(BigInt(hiddenPositionDigest(digest)));
    expect(await houseBalance(a)).to.equal(BOND);
    // A wrong payment is refused like a plain commit's.
    await expect(a.house.connect(f.bob).commitHidden(a.id, a.commitmentFor(f.bob.address, ONE, salt("b")), { value: BOND + 1n }))
      .to.be.revertedWithCustomError(a.house, "PaymentMismatch");
  });

  it("test_hiddenEthBid_fundedFromAnotherAccount_revealSweepsAndEntersTheTopSet_winnerPaysUniformPrice", async () => {
    const a = await createUnitAuction(f, { units: 2 });
    const { bid: hidden, vault } = await commitHidden(a, f.alice, 3n * ONE);
    const bob = await a.commit(f.bob, 2n * ONE);
    const carol = await a.commit(f.carol, ONE);
    await fund(a, f.erin, vault, 3n * ONE); // exactly the collateral beyond the bond, and then some
    await a.toRevealPhase();
    const before = await houseBalance(a);
    const tx = await a.reveal(hidden, { by: f.keeper });
    await expect(tx).to.emit(a.house, "VaultSwept").withArgs(a.id, f.alice.address, vault, 3n * ONE);
    await expect(tx).to.emit(a.house, "BidRevealed");
    expect(await houseBalance(a)).to.equal(before + 3n * ONE);
    expect(await ethers.provider.getCode(vault)).to.equal("0x");
    const [status, value] = await a.house.positionOf(a.id, f.alice.address);
    expect(status).to.equal(POSITION.Ranked);
    expect(value).to.equal(BOND + 3n * ONE);
    await a.reveal(bob);
    await a.reveal(carol);
    await expectClean(a, "after the reveals");
    await a.settle();
    expect((await a.state()).price).to.equal(ONE); // the third bid sets the uniform price
    const aliceBefore = await ethers.provider.getBalance(f.alice.address);
    const fee = await feeOf(await a.claimUnit(hidden));
    // Change = effective deposit − price.
    expect(await ethers.provider.getBalance(f.alice.address)).to.equal(aliceBefore - fee + BOND + 3n * ONE - ONE);
    expect(await a.unitsOf(f.alice.address)).to.equal(1n);
    const { report } = await expectClean(a, "after settlement and a claim");
    const row = report.bidders.find((r) => r.bidder === f.alice.address)!;
    expect(row.hidden).to.equal(true);
    expect(row.swept).to.equal(3n * ONE);
  });

  it("test_hiddenErc20Bid_revealManySweeps_entersTheSet_andTheAuditIsClean", async () => {
    const a = await createUnitAuction(f, { units: 1, paymentToken: await f.payToken.getAddress() });
    const { bid: hidden, vault } = await commitHidden(a, f.alice, 5n * ONE);
    const bob = await a.commit(f.bob, 2n * ONE);
    await fund(a, f.dave, vault, 5n * ONE);
    await a.toRevealPhase();
    // Hints with the effective deposit: the client reads the vault's balance to predict the sweep.
    const h = (await audit(a)).h;
    const held = await f.payToken.balanceOf(vault);
    const set = topSetOf(h);
    const entries = [bob, hidden].map((b) => {
      const deposit = b === hidden ? b.deposit + held : b.deposit;
      const valid = b.amount <= deposit;
      const hint = valid ? set.hintFor({ amount: b.amount, order: Number(b.order) }) : 0;
      set.open({ amount: b.amount, order: Number(b.order), valid }, hint);
      return { bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order, hint };
    });
    const bobBefore = await f.payToken.balanceOf(f.bob.address);
    const tx = await a.house.connect(f.keeper).revealMany(a.id, entries);
    await expect(tx).to.emit(a.house, "VaultSwept").withArgs(a.id, f.alice.address, vault, 5n * ONE);
    expect(await f.payToken.balanceOf(vault)).to.equal(0n);
    // Bob was displaced by the hidden bid: refundable at once.
    expect((await a.house.positionOf(a.id, f.bob.address))[0]).to.equal(POSITION.Displaced);
    await a.house.connect(f.bob).withdrawRefund(a.id, f.bob.address);
    expect(await f.payToken.balanceOf(f.bob.address)).to.equal(bobBefore + bob.deposit);
    await a.settle();
    expect((await a.state()).price).to.equal(2n * ONE); // the displaced plain bid is the highest outside the set
    await a.claimUnit(hidden);
    const { report } = await expectClean(a, "ERC-20 hidden bid settled and claimed");
    expect(report.money!.inflow).to.equal(BOND + 5n * ONE + bob.deposit);
  });

  it("test_hiddenBidShortOfCollateral_isInvalid_forfeitsTheBond_andGetsTheSweptCollateralBack", async () => {
    const a = await createUnitAuction(f, { units: 2 });
    const { bid, vault } = await commitHidden(a, f.alice, 3n * ONE);
    const bob = await a.commit(f.bob, ONE);
    await fund(a, f.erin, vault, ONE); // bond + 1 < 3
    await a.toRevealPhase();
    const aliceBefore = await ethers.provider.getBalance(f.alice.address);
    const tx = await a.reveal(bid, { by: f.keeper, hint: 0 });
    await expect(tx).to.emit(a.house, "VaultSwept").withArgs(a.id, f.alice.address, vault, ONE);
    await expect(tx).to.emit(a.house, "BidRevealed").withArgs(a.id, f.alice.address, 3n * ONE, bid.salt, false, 0n, 0n);
    // Refunded the effective deposit less the bond.
    expect(await ethers.provider.getBalance(f.alice.address)).to.equal(aliceBefore + ONE);
    expect((await a.state()).forfeitCount).to.equal(1n);
    await a.reveal(bob);
    await a.settle();
    const settled = await a.house.queryFilter(a.house.filters.AuctionSettled(a.id));
    expect(settled[0].args.burned).to.equal(BOND);
    await expectClean(a, "invalid hidden bid");
  });

  it("test_lateFunding_andAnUnopenedHiddenBid_areRecoveredAfterTheAuction_onlyByTheBidder", async () => {
    const a = await createUnitAuction(f, { units: 1 });
    const { bid, vault } = await commitHidden(a, f.alice, 2n * ONE);
    const { bid: never, vault: neverVault } = await commitHidden(a, f.bob, ONE);
    await fund(a, f.erin, vault, 2n * ONE);
    await fund(a, f.erin, neverVault, ONE);
    await a.toRevealPhase();
    await a.reveal(bid, { by: f.keeper });
    await fund(a, f.erin, vault, ONE / 2n); // after its opening: not counted
    await expect(a.house.connect(f.alice).recoverVault(a.id, bid.salt, f.alice.address))
      .to.be.revertedWithCustomError(a.house, "UnexpectedPhase");
    await a.toEnd();
    await a.settle();
    const aliceBefore = await ethers.provider.getBalance(f.dave.address);
    const tx = await a.house.connect(f.alice).recoverVault(a.id, bid.salt, f.dave.address);
    await expect(tx).to.emit(a.house, "VaultRecovered").withArgs(a.id, f.alice.address, vault, f.dave.address, ONE / 2n, 0n);
    expect(await ethers.provider.getBalance(f.dave.address)).to.equal(aliceBefore + ONE / 2n);
    await expect(a.house.connect(f.alice).recoverVault(a.id, bid.salt, f.alice.address))
      .to.be.revertedWithCustomError(a.house, "NothingToWithdraw");
    // Someone else's salt names someone else's vault: nothing there.
    await expect(a.house.connect(f.erin).recoverVault(a.id, never.salt, f.erin.address))
      .to.be.revertedWithCustomError(a.house, "NothingToWithdraw");
    // The unopened bid forfeited its bond; its vault is its bidder's again.
    await expect(a.house.connect(f.bob).recoverVault(a.id, never.salt, f.bob.address))
      .to.emit(a.house, "VaultRecovered").withArgs(a.id, f.bob.address, neverVault, f.bob.address, ONE, 0n);
    // withdrawUnrevealed accepts the hidden position (deposit = bond: nothing beyond the bond to return).
    await expect(a.house.connect(f.bob).withdrawUnrevealed(a.id, { commitment: never.commitment, deposit: BOND, order: never.order }, f.bob.address))
      .to.emit(a.house, "RefundWithdrawn").withArgs(a.id, f.bob.address, f.bob.address, 0n);
    await expectClean(a, "after recoveries");
  });

  it("test_revealMany_duplicateHiddenEntries_sweepOnce_andAStaleHintOnASweptEntryRevertsTheBatch", async () => {
    const a = await createUnitAuction(f, { units: 2 });
    const { bid, vault } = await commitHidden(a, f.alice, 2n * ONE);
    const others = [await a.commit(f.bob, 3n * ONE), await a.commit(f.carol, 4n * ONE), await a.commit(f.dave, 5n * ONE)];
    await fund(a, f.erin, vault, 2n * ONE);
    await a.toRevealPhase();
    for (const o of others.slice(0, 2)) await a.reveal(o);
    // Set = {3, 4}: the hidden 2 does not enter, any hint is fine for it; duplicates are skipped before CREATE2.
    const entry = { bidder: f.alice.address, amount: bid.amount, salt: bid.salt, deposit: bid.deposit, order: bid.order, hint: 0n };
    const opened = await a.house.connect(f.keeper).revealMany.staticCall(a.id, [entry, entry, entry]);
    expect(opened).to.equal(1n);
    const tx = await a.house.connect(f.keeper).revealMany(a.id, [entry, entry]);
    const receipt = (await tx.wait())!;
    const names = receipt.logs.map((l) => a.house.interface.parseLog(l)?.name);
    expect(names.filter((n) => n === "VaultSwept")).to.have.length(1);
    expect(names.filter((n) => n === "BidRevealed")).to.have.length(1);
    // A swept entry that enters with a hint too far reverts the batch (HintTooFar) rather than being skipped.
    const b2 = await createUnitAuction(f, { units: 40 });
    const members: UnitBid[] = [];
    for (let i = 0; i < 20; i++) {
      const w = ethers.Wallet.createRandom().connect(ethers.provider);
      await networkHelpers.setBalance(w.address, 100n * ONE);
      members.push(await b2.commit(w as unknown as UnitBid["bidder"], BigInt(i + 1) * ONE));
    }
    const { bid: top, vault: topVault } = await commitHidden(b2, f.alice, 100n * ONE);
    await fund(b2, f.erin, topVault, 100n * ONE);
    await b2.toRevealPhase();
    await b2.house.connect(f.keeper).revealMany(b2.id, await b2.openings(members));
    const staleEntry = { bidder: f.alice.address, amount: top.amount, salt: top.salt, deposit: top.deposit, order: top.order, hint: 0n };
    await expect(b2.house.connect(f.keeper).revealMany(b2.id, [staleEntry])).to.be.revertedWithCustomError(b2.house, "HintTooFar");
    const fresh = { ...staleEntry, hint: BigInt(await b2.hint(top)) };
    await expect(b2.house.connect(f.keeper).revealMany(b2.id, [fresh])).to.emit(b2.house, "VaultSwept");
    expect((await b2.house.positionOf(b2.id, f.alice.address))[0]).to.equal(POSITION.Ranked);
  });

  it("test_hiddenRecommit_staysHidden_theNewSaltNamesANewVault", async () => {
    const a = await createUnitAuction(f, { units: 1 });
    const { bid } = await commitHidden(a, f.alice, ONE);
    const s2 = salt("second");
    const c2 = a.commitmentFor(f.alice.address, 2n * ONE, s2);
    const tx = await a.house.connect(f.alice).recommit(a.id, { commitment: bid.commitment, deposit: BOND, order: bid.order }, c2, 0n);
    await expect(tx).to.emit(a.house, "DepositHidden").withArgs(a.id);
    const [, value] = await a.house.positionOf(a.id, f.alice.address);
    expect(value).to.equal(BigInt(hiddenPositionDigest(positionDigest(c2, BOND, Number(bid.order)))));
    const vault2 = await a.house.vaultOf(a.id, f.alice.address, s2);
    await fund(a, f.erin, vault2, 2n * ONE);
    await a.toRevealPhase();
    const second: UnitBid = { ...bid, amount: 2n * ONE, salt: s2, commitment: c2 };
    await expect(a.reveal(second, { by: f.keeper })).to.emit(a.house, "VaultSwept").withArgs(a.id, f.alice.address, vault2, 2n * ONE);
    expect((await a.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Ranked);
    const { h } = await expectClean(a, "hidden recommit");
    expect(kUnitBidderOf(h, f.alice.address as Address)!.hidden).to.equal(true);
  });

  it("test_annex_refusesDirectCalls_andTheHouseStaysUnderTheSizeLimit", async () => {
    const art = await import("../../../artifacts/contracts/KUnitAuctionHouse.sol/KUnitAuctionHouse.json", { with: { type: "json" } });
    expect((art.default.deployedBytecode.length - 2) / 2).to.be.lessThan(24_576);
    // The helper is the house's CREATE nonce-1 child.
    const helper = ethers.getCreateAddress({ from: f.house.target as string, nonce: 1 });
    const annex = await ethers.getContractAt("KUnitAnnex", helper);
    await expect(annex.openVault(1n, 1, f.alice.address, salt("x"), 0n)).to.be.revertedWithCustomError(annex, "DelegateCallOnly");
    await expect(annex.recoverVault(1n, salt("x"), f.alice.address)).to.be.revertedWithCustomError(annex, "DelegateCallOnly");
  });

  it("test_revealWithTooLittleGasForTheSweep_reverts_theBidStaysSealedAndItsVaultFunded", async () => {
    const a = await createUnitAuction(f, { units: 1 });
    const { bid, vault } = await commitHidden(a, f.alice, 2n * ONE);
    await fund(a, f.erin, vault, 2n * ONE);
    await a.toRevealPhase();
    const hint = await a.hint(bid);
    await expect(a.house.connect(f.keeper).reveal(a.id, f.alice.address, bid.amount, bid.salt, bid.deposit, bid.order, hint, { gasLimit: 70_000 }))
      .to.be.revert(ethers);
    expect((await a.house.positionOf(a.id, f.alice.address))[0]).to.equal(POSITION.Sealed);
    expect(await ethers.provider.getBalance(vault)).to.equal(2n * ONE);
    await a.reveal(bid, { by: f.keeper });
    expect((await a.state()).phase).to.equal(PHASE.AwaitingSettlement);
  });
});

describe("k units: hidden deposits from the CLI (kunit:commit --hide-deposit, kunit:vault, kunit:reveal, kunit:recover-vault)", function () {
  this.timeout(120_000);
  let f: CliFixture;
  before(async () => {
    f = await cliFixture();
    const deployed = await run("kunit:deploy", f.common);
    expect(deployed.success, deployed.err).to.equal(true);
  });
  after(() => f.close());

  it("commits the bond only and prints the vault and funding advice; the reveal sweeps it and enters the top set; late funds come back; the audit is clean", async () => {
    const c = f.common;
    const items = await f.viem.deployContract("MockERC1155");
    const [seller, alice, bob] = f.accounts;
    await items.write.mint([seller, 9n, 2n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "9", units: "1", bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    const a = String(id);
    const house = (JSON.parse((await import("node:fs")).readFileSync(f.path("31337.json"), "utf8")) as { kunitHouse: Address }).kunitHouse;

    const ca = await run("kunit:commit", { ...c, from: "1", auction: a, amount: "2", hideDeposit: true, receipt: f.path("k-alice.json") });
    expect(ca.success, ca.err).to.equal(true);
    const receipt = readReceiptFile(f.path("k-alice.json"));
    expect(receipt.hidden).to.equal(true);
    expect(receipt.deposit).to.equal(parseEther("0.1"));
    const vault = vaultAddress({ chainId: 31337, auctionHouse: house, auctionId: id }, alice, receipt.salt);
    expect(ca.value.vault).to.equal(vault);
    expect(ca.out).to.contain(`Vault: ${vault}`);
    expect(ca.out).to.contain("Fund it with at least 1.9 ETH by a plain transfer");
    expect(ca.out).to.contain(`from another account than ${alice}`);
    expect(ca.out).to.contain("Check it with kunit:vault");
    const both = await run("kunit:commit", { ...c, from: "2", auction: a, amount: "1", deposit: "1", hideDeposit: true, receipt: f.path("k-bad.json") });
    expect(both.error!.message).to.match(/--deposit does not go with a hidden deposit/);
    expect((await run("kunit:commit", { ...c, from: "2", auction: a, amount: "1.5", receipt: f.path("k-bob.json") })).success).to.equal(true);

    await f.wallets[6].sendTransaction({ to: vault, value: parseEther("1.9") });
    const v1 = await run("kunit:vault", { ...c, receipt: f.path("k-alice.json") });
    expect(v1.success, v1.err).to.equal(true);
    expect(v1.out).to.match(/bond 0\.1 ETH \+ vault 1\.9 ETH = 2 ETH against the bid of 2 ETH: covered/);

    await f.increase(3601);
    // Bob first: the hidden bid must then displace him, so its hint comes from bond + the vault's balance.
    expect((await run("kunit:reveal", { ...c, from: "2", receipt: f.path("k-bob.json") })).success).to.equal(true);
    const r = await run("kunit:reveal", { ...c, from: "3", receipt: f.path("k-alice.json") });
    expect(r.success, r.err).to.equal(true);
    expect(r.value.swept).to.equal(parseEther("1.9"));
    expect(r.value.valid).to.equal(true);
    expect(r.value.slot).to.not.equal(0);
    expect(r.out).to.contain("Hidden deposit: the vault sweep counted 1.9 ETH, so the deposit is 2 ETH.");

    await f.wallets[6].sendTransaction({ to: vault, value: parseEther("0.25") });
    const early = await run("kunit:recover-vault", { ...c, from: "1", receipt: f.path("k-alice.json") });
    expect(early.success).to.equal(false);
    await f.increase(3601);
    expect((await run("kunit:settle", { ...c, from: "5", auction: a })).success).to.equal(true);
    const wrong = await run("kunit:recover-vault", { ...c, from: "2", receipt: f.path("k-alice.json") });
    expect(wrong.error!.message).to.contain(`only the bidder ${alice} can recover its vault`);
    const before = await f.publicClient.getBalance({ address: bob });
    const rec = await run("kunit:recover-vault", { ...c, from: "1", receipt: f.path("k-alice.json"), recipient: bob });
    expect(rec.success, rec.err).to.equal(true);
    expect(rec.value.amount).to.equal(parseEther("0.25"));
    expect((await f.publicClient.getBalance({ address: bob })) - before).to.equal(parseEther("0.25"));
    const audit = await run("kunit:audit", { ...c, auction: a });
    expect(audit.success, audit.err).to.equal(true);
  });
});

export type { Hex };
