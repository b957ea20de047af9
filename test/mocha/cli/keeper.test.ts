/**
 * Self-opening bids from the CLI (rule 16): `auction:commit --self-opening` seals the opening to the local
 * beacon; `auction:keeper` opens what the beacon has released, in batches, skips what others opened, and
 * reports (with a non-zero exit) what it cannot open: a garbage ciphertext, a copied one, one sealed to
 * another beacon, one whose round is not out yet. The beacon reads the in-process chain's time over HTTP.
 */
import { expect } from "chai";
import { parseEther, toHex, type Address, type Hex } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { bidCommitment, randomSalt } from "../../../lib/auction.js";
import { auditAuction } from "../../../lib/audit.js";
import { fetchAuctionHistory } from "../../../lib/history.js";
import { prepareSelfOpenings, sealedSelfOpeningCount } from "../../../lib/self-opening.js";
import { sealOpening } from "../../../lib/timelock.js";
import { startFaultProxy, type FaultProxy } from "../../../lib/rpc/fault-proxy.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { startBeacon, type BeaconServer } from "../../../scripts/beacon.js";
import { cliFixture, run, type CliFixture } from "./helpers.js";

describe("CLI: self-opening bids and the keeper (local beacon)", function () {
  this.timeout(120_000);
  let f: CliFixture;
  let proxy: FaultProxy;
  let beacon: BeaconServer;
  let other: BeaconServer;

  before(async () => {
    f = await cliFixture();
    proxy = await startFaultProxy({ upstream: f.conn.provider as unknown as RpcRequester });
    // The default seed: the key the deployment record names; only the URL is this test's.
    beacon = await startBeacon({ rpcUrl: proxy.url, port: 0 });
    other = await startBeacon({ rpcUrl: proxy.url, port: 0, seed: "some other beacon" });
  });
  after(async () => {
    await beacon.close();
    await other.close();
    await proxy.close();
    f.close();
  });

  const create = async (tokenId: string) => {
    const r = await run("auction:create", { ...f.common, lotToken: f.nft.address, tokenId, bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(r.success, r.err).to.equal(true);
    return r.value.auctionId as bigint;
  };
  const commitSelfOpening = (from: string, id: bigint, amount: string, deposit: string) =>
    run("auction:commit", { ...f.common, from, auction: String(id), amount, deposit, selfOpening: true, beacon: beacon.url, receipt: f.path(`so-${id}-${from}.json`), force: true });
  const history = (id: bigint) => fetchAuctionHistory(f.conn.provider as unknown as RpcRequester, { auctionHouse: f.house, auctionId: id, chainId: 31337, fromBlock: 0n });

  it("commit --self-opening publishes a ciphertext nobody opens before the commit end; the keeper opens the bids after it, in one batch", async () => {
    const id = await create("1");
    const [, alice, bob] = f.accounts;
    const ca = await commitSelfOpening("1", id, "2", "3");
    expect(ca.success, ca.err).to.equal(true);
    expect(ca.out).to.match(/Self-opening: your opening is sealed to drand round \d+\. Nobody can read it before/);
    expect(ca.value.selfOpeningRound).to.be.a("number");
    expect((await commitSelfOpening("2", id, "1.5", "2")).success).to.equal(true);
    const events = await f.publicClient.getContractEvents({ address: f.house, abi: auctionHouseAbi, eventName: "SelfOpeningAttached", args: { auctionId: id }, fromBlock: 0n });
    expect(events.map((e) => e.args.bidder)).to.deep.equal([alice, bob]);

    // Before the opening time: still in the commit window, and nothing decrypts.
    const early = await prepareSelfOpenings(await history(id), beacon.config);
    expect(early.map((v) => v.status)).to.deep.equal(["not-yet", "not-yet"]);
    const tooEarly = await run("auction:keeper", { ...f.common, auction: String(id), beacon: beacon.url, batch: "50", interval: "10s" });
    expect(tooEarly.success).to.equal(false);
    expect(tooEarly.out).to.contain("bids open only in the reveal window");
    expect(tooEarly.out).to.match(new RegExp(`${ca.value.selfOpeningRound} +not readable yet`));

    await f.increase(3601);
    const before = await f.blockNumber();
    const kept = await run("auction:keeper", { ...f.common, from: "5", auction: String(id), beacon: beacon.url, batch: "50", interval: "10s" });
    expect(kept.success, `${kept.out}\n${kept.err}`).to.equal(true);
    expect(kept.out).to.match(/opened 2 of 2 in tx 0x[0-9a-f]{64}/);
    expect(kept.out).to.contain("Keeper opened 2 bids; 0 self-opening bids could not be opened.");
    expect(await f.blockNumber()).to.equal(before + 1n); // one revealMany
    const state = await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "auctionState", args: [id] });
    expect(state.openCount).to.equal(2);
    expect(state.bestAmount).to.equal(parseEther("2"));
    expect(state.runnerUp).to.equal(parseEther("1.5"));
    // Bob lost: his whole deposit came back in the keeper's transaction, with no action of his.
    const [bobStatus] = await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "positionOf", args: [id, bob] });
    expect(bobStatus).to.equal(0);

    // A second pass finds nothing left and succeeds.
    const again = await run("auction:keeper", { ...f.common, auction: String(id), beacon: beacon.url, batch: "50", interval: "10s" });
    expect(again.success, again.err).to.equal(true);
    expect(again.out).to.contain("Keeper opened 0 bids");
  });

  it("the keeper opens the valid bids and reports, with a failure exit, a garbage ciphertext, a copied one and one sealed to another beacon", async () => {
    const id = await create("2");
    const [, alice, bob, carol, dave] = f.accounts;
    const domain = { chainId: 31337, auctionHouse: f.house, auctionId: id };
    const { commitEnd } = (await history(id)).created!.terms;
    const direct = async (from: Address, amount: bigint, deposit: bigint, sealed: Hex) => {
      const salt = randomSalt();
      const w = f.wallets.find((x) => x.account.address.toLowerCase() === from.toLowerCase())!;
      await w.writeContract({ address: f.house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [id, bidCommitment(domain, from, amount, salt), deposit, sealed], value: deposit });
      return salt;
    };
    expect((await commitSelfOpening("1", id, "1", "1")).success).to.equal(true); // alice: valid
    const aliceSealed = (await history(id)).bidders[0].sealedOpening!.ciphertext;
    await direct(bob, parseEther("1"), parseEther("1"), toHex(new Uint8Array(417).fill(7))); // garbage
    await direct(carol, parseEther("1"), parseEther("1"), aliceSealed); // copied from alice
    const daveSalt = randomSalt();
    const daveSealed = await sealOpening(other.config, commitEnd, parseEther("1"), daveSalt);
    const w = f.wallets[4];
    await w.writeContract({ address: f.house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [id, bidCommitment(domain, dave, parseEther("1"), daveSalt), parseEther("1"), daveSealed], value: parseEther("1") });
    // Eve's client sealed to a round ten minutes before the commit end: valid, but readable early.
    const eve = f.accounts[5];
    const eveSalt = randomSalt();
    await f.wallets[5].writeContract({
      address: f.house, abi: auctionHouseAbi, functionName: "commitSelfOpening",
      args: [id, bidCommitment(domain, eve, parseEther("0.5"), eveSalt), parseEther("1"), await sealOpening(beacon.config, commitEnd - 600, parseEther("0.5"), eveSalt)], value: parseEther("1"),
    });
    expect(sealedSelfOpeningCount(await history(id))).to.equal(5);
    await f.increase(3000);
    const leaked = (await prepareSelfOpenings(await history(id), beacon.config)).find((v) => v.bidder === eve)!;
    expect(leaked).to.include({ status: "ready", readableEarly: true }); // readable inside the commit window

    await f.increase(601);
    const kept = await run("auction:keeper", { ...f.common, auction: String(id), beacon: beacon.url, batch: "50", interval: "10s" });
    expect(kept.success).to.equal(false);
    expect(kept.error!.message).to.equal("3 self-opening bids could not be opened (reasons above)");
    const lines = kept.out.split("\n");
    const row = (a: Address) => lines.find((l) => l.includes(a)) ?? "";
    expect(row(alice)).to.match(/ opened +in tx 0x[0-9a-f]{64}/);
    expect(row(bob)).to.contain("not a timelock ciphertext");
    expect(row(carol)).to.contain("does not match the commitment");
    expect(row(dave)).to.contain("does not decrypt");
    expect(row(eve)).to.match(/ opened .*sealed to a round before the opening time: it was readable early/);
    expect(row(alice)).to.not.contain("readable early");
    const state = await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "auctionState", args: [id] });
    expect(state.openCount).to.equal(2);
  });

  it("hidden self-opening bids (--self-opening --hide-deposit): the keeper opens them with the bond as deposit, revealMany sweeps their vaults, and the auction audits clean", async () => {
    const id = await create("3");
    const [, alice, bob] = f.accounts;
    const hidden = (from: string, amount: string) =>
      run("auction:commit", { ...f.common, from, auction: String(id), amount, deposit: "", selfOpening: true, hideDeposit: true, beacon: beacon.url, receipt: f.path(`hso-${id}-${from}.json`), force: true });
    const ca = await hidden("1", "2");
    expect(ca.success, ca.err).to.equal(true);
    expect(ca.out).to.match(/Self-opening: your opening is sealed to drand round/);
    expect(ca.out).to.contain(`Vault: ${ca.value.vault}`);
    expect(ca.value.deposit).to.equal(parseEther("0.1"));
    const cb = await hidden("2", "3");
    expect(cb.success, cb.err).to.equal(true);
    // Funded from another account: alice's covers her bid, bob's does not (0.1 + 1 < 3).
    await f.wallets[6].sendTransaction({ to: ca.value.vault, value: parseEther("2") });
    await f.wallets[7].sendTransaction({ to: cb.value.vault, value: parseEther("1") });
    const h = await history(id);
    expect(h.bidders.map((b) => [b.hidden, b.deposit, b.sealedOpening !== null])).to.deep.equal([[true, parseEther("0.1"), true], [true, parseEther("0.1"), true]]);

    await f.increase(3601);
    const kept = await run("auction:keeper", { ...f.common, from: "5", auction: String(id), beacon: beacon.url, batch: "50", interval: "10s" });
    expect(kept.success, `${kept.out}\n${kept.err}`).to.equal(true);
    expect(kept.out).to.match(/opened 2 of 2 in tx/);
    expect(kept.out).to.contain(`hidden deposit of ${alice}: its vault sweep counted 2 ETH`);
    expect(kept.out).to.contain(`hidden deposit of ${bob}: its vault sweep counted 1 ETH`);
    const after = await history(id);
    expect(after.bidders.map((b) => [b.swept, b.opening?.valid])).to.deep.equal([[parseEther("2"), true], [parseEther("1"), false]]);
    expect(await f.publicClient.getBalance({ address: ca.value.vault })).to.equal(0n);
    const state = await f.publicClient.readContract({ address: f.house, abi: auctionHouseAbi, functionName: "auctionState", args: [id] });
    expect([state.openCount, state.bestAmount, state.forfeitCount]).to.deep.equal([2, parseEther("2"), 1]);
    const report = await auditAuction(f.publicClient as never, { auctionHouse: f.house, auctionId: id, fromBlock: 0n });
    expect(report.differences).to.deep.equal([]);
  });

  it("bad input: --auction and --all together or neither, and a batch size out of range, are refused before anything is read", async () => {
    const neither = await run("auction:keeper", { ...f.common, auction: "", all: false, batch: "50", interval: "10s", beacon: "" });
    expect(neither.success).to.equal(false);
    expect(neither.error!.message).to.equal("name one auction with --auction N, or pass --all");
    const both = await run("auction:keeper", { ...f.common, auction: "1", all: true, batch: "50", interval: "10s", beacon: "" });
    expect(both.success).to.equal(false);
    const batch = await run("auction:keeper", { ...f.common, auction: "1", batch: "0", interval: "10s", beacon: "" });
    expect(batch.success).to.equal(false);
    expect(batch.error!.message).to.contain("--batch");
  });
});
