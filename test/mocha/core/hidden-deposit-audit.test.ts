/**
 * Differential: auctions with hidden-deposit bids run on the real contract (valid, over-deposit, unopened,
 * late-funded and recovered; ETH and ERC-20 with ETH sent to a token vault) audit clean from their logs and the
 * contract's views, and the house's balances equal what the logs say it owes and burned (rule 11, vault flows
 * included). Forged VaultSwept logs (another vault, inflated collateral) are caught.
 */
import { expect } from "chai";
import { createPublicClient, custom, type Address, type Hex, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { auditHistory, liabilitiesOf, readContractViews } from "../../../lib/audit.js";
import { ZERO_ADDRESS } from "../../../lib/auction.js";
import { buildHistory, EVENT_TOPICS, type AuctionHistory } from "../../../lib/history.js";
import type { RpcLog, RpcRequester } from "../../../lib/logs.js";
import { vaultAddress } from "../../../lib/vault.js";
import { BOND, createAuction, deployFixture, ethers, networkHelpers, salt, type AuctionDriver, type Bid, type Fixture } from "./fixture.js";

const ONE = ethers.parseEther("1");

const rpc: RpcRequester = { request: ({ method, params }) => ethers.provider.send(method, (params as unknown[]) ?? []) };
const client = createPublicClient({ chain: hardhat, transport: custom(rpc, { retryCount: 0 }) }) as unknown as PublicClient;

async function houseLogs(f: Fixture): Promise<RpcLog[]> {
  return (await rpc.request({ method: "eth_getLogs", params: [{ address: f.house.target, fromBlock: "0x0", toBlock: "latest" }] })) as RpcLog[];
}

function historyOf(f: Fixture, a: AuctionDriver, logs: RpcLog[]): AuctionHistory {
  return buildHistory(logs, { chainId: Number(f.chainId), auctionHouse: f.house.target as Address, auctionId: a.id });
}

async function audit(f: Fixture, a: AuctionDriver, logs?: RpcLog[]) {
  const history = historyOf(f, a, logs ?? (await houseLogs(f)));
  const views = await readContractViews(client, history, BigInt(await ethers.provider.getBlockNumber()));
  return { history, report: auditHistory(history, views) };
}

/** Commits `amount` hidden (bond only); returns the bid and its vault, computed locally. */
async function commitHidden(a: AuctionDriver, who: Bid["bidder"], amount: bigint) {
  const s = salt(`audit hidden ${a.id} ${who.address}`);
  const commitment = a.commitmentFor(who.address, amount, s);
  const receipt = (await (await a.f.house.connect(who).commitHidden(a.id, commitment, { value: a.eth ? a.terms.bond : 0n })).wait())!;
  const order = receipt.logs.map((l) => a.f.house.interface.parseLog(l)).find((e) => e?.name === "BidCommitted")!.args.order as bigint;
  const bid: Bid = { bidder: who, amount, salt: s, deposit: a.terms.bond, order, commitment, fee: 0n };
  a.bids.set(who.address, bid);
  const domain = { chainId: Number(a.f.chainId), auctionHouse: a.f.house.target as Address, auctionId: a.id };
  return { bid, vault: vaultAddress(domain, who.address as Address, s, a.eth ? undefined : (a.terms.paymentToken as Address)) };
}

/** A copy of `log` with its data words replaced (index → 32-byte hex without 0x). */
function forge(log: RpcLog, words: Record<number, string>): RpcLog {
  const w = log.data.slice(2).match(/.{64}/g)!;
  for (const [i, v] of Object.entries(words)) w[Number(i)] = v;
  return { ...log, data: `0x${w.join("")}` as Hex };
}
const word = (n: bigint) => n.toString(16).padStart(64, "0");

describe("Auditor: hidden-deposit auctions on the real contract (differential)", () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployFixture);
  });

  it("test_audit_hiddenBidsValidOverDepositUnopenedLateFundedAndRecovered_cleanAndConserved", async () => {
    const a = await createAuction(f);
    const t = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    // ETH auction.
    const alice = await commitHidden(a, f.alice, 2n * ONE); // valid, wins
    const bob = await commitHidden(a, f.bob, 3n * ONE); // over-deposit: bond + 1 < 3
    const carol = await commitHidden(a, f.carol, ONE); // never opened: its vault is recovered
    const dave = await commitHidden(a, f.dave, ONE); // valid loser, then funded late and recovered
    const erin = await a.commit(f.erin, 3n * ONE / 2n); // plain
    for (const [v, amount] of [[alice.vault, 2n * ONE], [bob.vault, ONE], [carol.vault, ONE], [dave.vault, 3n * ONE / 2n]] as const) {
      await f.keeper.sendTransaction({ to: v, value: amount });
    }
    // ERC-20 auction: a hidden bid whose vault also receives ETH (set aside for the bidder).
    const tAlice = await commitHidden(t, f.alice, 5n * ONE);
    const tBob = await t.commit(f.bob, 2n * ONE);
    await f.payToken.connect(f.keeper).transfer(tAlice.vault, 6n * ONE);
    await f.keeper.sendTransaction({ to: tAlice.vault, value: ONE / 4n });

    // Mid-auction: clean.
    expect((await audit(f, a)).report.differences).to.deep.equal([]);
    await a.toRevealPhase();
    await f.house.connect(f.keeper).revealMany(a.id, [alice.bid, bob.bid, dave.bid, erin].map((b) => ({
      bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order,
    })));
    await t.reveal(tAlice.bid, f.keeper);
    await t.reveal(tBob, f.keeper);
    await f.keeper.sendTransaction({ to: dave.vault, value: ONE / 2n }); // late: after its opening
    let r = await audit(f, a);
    expect(r.report.differences).to.deep.equal([]);
    const row = (addr: string) => r.report.bidders.find((b) => b.bidder === addr)!;
    expect([row(f.alice.address).hidden, row(f.alice.address).swept, row(f.alice.address).valid]).to.deep.equal([true, 2n * ONE, true]);
    expect(row(f.bob.address).valid).to.equal(false);
    expect(row(f.carol.address).amount).to.equal(null);

    await a.toEnd();
    await t.toEnd();
    await a.settle();
    await t.settle();
    await f.house.connect(f.carol).recoverVault(a.id, carol.bid.salt, f.carol.address);
    await f.house.connect(f.dave).recoverVault(a.id, dave.bid.salt, f.dave.address);
    await f.house.connect(f.alice).recoverVault(t.id, tAlice.bid.salt, f.alice.address); // the ETH set aside
    await f.house.connect(f.carol).withdrawUnrevealed(a.id, { commitment: carol.bid.commitment, deposit: BOND, order: carol.bid.order }, f.carol.address);

    r = await audit(f, a);
    expect(r.report.differences).to.deep.equal([]);
    expect(r.report.ok).to.equal(true);
    expect(r.report.expected!.winner).to.equal(f.alice.address);
    expect(r.report.expected!.price).to.equal(3n * ONE / 2n);
    expect(r.report.expected!.burned).to.equal(2n * BOND); // bob over-deposit, carol unopened
    expect(r.history.bidders.find((b) => b.bidder === f.carol.address)!.recovered.amount).to.equal(ONE);
    expect(r.history.bidders.find((b) => b.bidder === f.dave.address)!.recovered.amount).to.equal(ONE / 2n);
    const rt = await audit(f, t);
    expect(rt.report.differences).to.deep.equal([]);
    expect(rt.history.bidders[0].setAside).to.deep.equal({ amount: 0n, ethAmount: ONE / 4n });

    // Rule 11: the house's balances are what the two auctions' logs say it owes and burned.
    const la = liabilitiesOf(r.history, r.report);
    const lt = liabilitiesOf(rt.history, rt.report);
    expect(la.ethOwed).to.equal(0n);
    expect(lt.ethOwed).to.equal(0n);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(la.owed + la.burned + lt.ethOwed);
    expect(await f.payToken.balanceOf(f.house.target)).to.equal(lt.owed + lt.burned);
  });

  it("test_audit_ethSetAsideBeforeRecovery_isOwedInEth", async () => {
    const t = await createAuction(f, { paymentToken: await f.payToken.getAddress() });
    const h = await commitHidden(t, f.alice, ONE);
    await f.payToken.connect(f.keeper).transfer(h.vault, ONE);
    await f.keeper.sendTransaction({ to: h.vault, value: 7n });
    await t.toRevealPhase();
    await t.reveal(h.bid, f.keeper);
    const r = await audit(f, t);
    expect(r.report.differences).to.deep.equal([]);
    const l = liabilitiesOf(r.history, r.report);
    expect(l.ethOwed).to.equal(7n);
    expect(await ethers.provider.getBalance(f.house.target)).to.equal(7n);
    expect(await f.payToken.balanceOf(f.house.target)).to.equal(l.owed + l.burned);
  });

  it("test_audit_hiddenRecommitWithTopUp_staysHiddenAndAuditsCleanBeforeAndAfterOpening", async () => {
    const a = await createAuction(f);
    const first = await commitHidden(a, f.alice, ONE);
    // Replaced with a new salt and a public top-up: still hidden (DepositHidden again), a new vault.
    const s2 = salt("audit hidden recommit");
    const c2 = a.commitmentFor(f.alice.address, 2n * ONE, s2);
    const top = ONE / 10n;
    await f.house.connect(f.alice).recommit(a.id, { commitment: first.bid.commitment, deposit: BOND, order: first.bid.order }, c2, top, { value: top });
    const domain = { chainId: Number(f.chainId), auctionHouse: f.house.target as Address, auctionId: a.id };
    const vault2 = vaultAddress(domain, f.alice.address as Address, s2);
    await f.keeper.sendTransaction({ to: vault2, value: 2n * ONE - BOND - top });
    let r = await audit(f, a);
    expect(r.report.differences).to.deep.equal([]); // the unopened position is the hidden digest of the new commitment
    expect(r.history.bidders[0]).to.include({ hidden: true, deposit: BOND + top });
    await a.toRevealPhase();
    await f.house.connect(f.keeper).reveal(a.id, f.alice.address, 2n * ONE, s2, BOND + top, first.bid.order);
    r = await audit(f, a);
    expect(r.report.differences).to.deep.equal([]);
    expect(r.report.bidders[0]).to.include({ valid: true, swept: 2n * ONE - BOND - top });
  });

  it("test_audit_forgedVaultSwept_caught", async () => {
    const a = await createAuction(f);
    const alice = await commitHidden(a, f.alice, 2n * ONE);
    const bob = await commitHidden(a, f.bob, 3n * ONE);
    await f.keeper.sendTransaction({ to: alice.vault, value: 2n * ONE });
    await f.keeper.sendTransaction({ to: bob.vault, value: ONE });
    await a.toRevealPhase();
    await a.reveal(alice.bid, f.keeper);
    await a.reveal(bob.bid, f.keeper);
    const logs = await houseLogs(f);
    expect((await audit(f, a, logs)).report.ok).to.equal(true);
    const sweeps = logs.filter((l) => l.topics[0] === EVENT_TOPICS.VaultSwept);
    expect(sweeps.length).to.equal(2);
    const replace = (from: RpcLog, to: RpcLog) => logs.map((l) => (l === from ? to : l));

    // Another vault named: its salt derives a different one.
    const other = forge(sweeps[0], { 0: ZERO_ADDRESS.slice(2).padStart(64, "0").replace(/0$/, "1") });
    let r = (await audit(f, a, replace(sweeps[0], other))).report;
    expect(r.ok).to.equal(false);
    expect(r.differences.join("\n")).to.match(/swept vault 0x0{39}1, but its salt derives vault/);

    // Inflated collateral for the over-deposit bid: the auditor finds it valid, the event says invalid.
    r = (await audit(f, a, replace(sweeps[1], forge(sweeps[1], { 1: word(5n * ONE) })))).report;
    expect(r.ok).to.equal(false);
    expect(r.differences.join("\n")).to.match(/marked invalid, but amount .* against deposit .* \+ vault collateral .* makes it valid/);

    // Inflated collateral for the leader: the contract holds less than the logs imply.
    r = (await audit(f, a, replace(sweeps[0], forge(sweeps[0], { 1: word(3n * ONE) })))).report;
    expect(r.ok).to.equal(false);
    expect(r.differences.join("\n")).to.match(/The contract holds Held .* for .*, but the logs imply Held/);

    // A sweep moved away from its BidRevealed (another transaction): an anomaly.
    r = (await audit(f, a, replace(sweeps[0], { ...sweeps[0], transactionHash: `0x${"ab".repeat(32)}` as Hex }))).report;
    expect(r.differences.join("\n")).to.match(/not right before its bid's BidRevealed/);
  });
});
