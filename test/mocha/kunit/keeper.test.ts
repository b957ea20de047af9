/**
 * Self-opening k-unit bids from the CLI (rule 16, issue 9 on the k-unit house): `kunit:commit --self-opening`
 * seals each opening to the local beacon; `kunit:keeper` (tasks/keeper.ts's code on the k-unit house) opens the
 * valid ones in one hinted revealMany and reports, with a non-zero exit, a garbage ciphertext; the auction then
 * settles and audits clean. The beacon reads the in-process chain's time over HTTP (as test/mocha/cli/keeper.test.ts).
 */
import { expect } from "chai";
import { parseEther, toHex, type Address } from "viem";
import { bidCommitment, randomSalt } from "../../../lib/auction.js";
import { kUnitAuctionHouseAbi } from "../../../lib/kunit-abi.js";
import { fetchKUnitHistory } from "../../../lib/kunit-history.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { startFaultProxy, type FaultProxy } from "../../../lib/rpc/fault-proxy.js";
import { prepareSelfOpenings, sealedBidsOf, sealedSelfOpeningCount, standingSealedOpening } from "../../../lib/self-opening.js";
import { startBeacon, type BeaconServer } from "../../../scripts/beacon.js";
import { cliFixture, run, type CliFixture } from "../cli/helpers.js";

const deploy1155 = (f: CliFixture) => f.viem.deployContract("MockERC1155");

describe("k units: self-opening bids and kunit:keeper (local beacon)", function () {
  this.timeout(120_000);
  let f: CliFixture;
  let proxy: FaultProxy;
  let beacon: BeaconServer;
  let kunitHouse: Address;
  let items: Awaited<ReturnType<typeof deploy1155>>;
  const ONE = parseEther("1");

  before(async () => {
    f = await cliFixture();
    const deployed = await run("kunit:deploy", f.common);
    expect(deployed.success, deployed.err).to.equal(true);
    kunitHouse = deployed.value.kunitHouse;
    items = await deploy1155(f);
    proxy = await startFaultProxy({ upstream: f.conn.provider as unknown as RpcRequester });
    // The default seed: the key the deployment record names; only the URL is this test's.
    beacon = await startBeacon({ rpcUrl: proxy.url, port: 0 });
  });
  after(async () => {
    await beacon.close();
    await proxy.close();
    f.close();
  });

  const history = (id: bigint) => fetchKUnitHistory(f.conn.provider as unknown as RpcRequester, { auctionHouse: kunitHouse, auctionId: id, chainId: 31337, fromBlock: 0n });
  const state = (id: bigint) => f.publicClient.readContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "auctionState", args: [id] });
  const keeper = (id: bigint, extra: Record<string, unknown> = {}) =>
    run("kunit:keeper", { ...f.common, auction: String(id), beacon: beacon.url, batch: "50", interval: "10s", ...extra });

  it("k = 3: four self-opening bids and one garbage ciphertext; the keeper opens the four in one batch, reports the garbage and fails; settle; audit clean", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 9n, 3n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "9", units: "3", bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    const a = String(id);

    // --self-opening and --sealed-opening are one or the other; refused before anything is sent.
    const b0 = await f.blockNumber();
    const both = await run("kunit:commit", { ...c, from: "1", auction: a, amount: "1", selfOpening: true, sealedOpening: "x.bin", beacon: beacon.url });
    expect(both.error!.message).to.equal("--self-opening seals the opening here; --sealed-opening attaches one made elsewhere: pass one of them");
    expect(await f.blockNumber()).to.equal(b0);

    // Four bidders seal their openings (1, 2, 3, 4 ETH) to the round at which bids may be opened.
    const rounds = new Set<number>();
    for (const [i, amount] of [[1, "1"], [2, "2"], [3, "3"], [4, "4"]] as const) {
      const r = await run("kunit:commit", { ...c, from: String(i), auction: a, amount, selfOpening: true, beacon: beacon.url, receipt: f.path(`kso-${i}.json`), force: true });
      expect(r.success, r.err).to.equal(true);
      expect(r.out).to.match(/Self-opening: your opening is sealed to drand round \d+\. Nobody can read it before/);
      expect(r.out).to.contain("kunit:keeper");
      rounds.add(r.value.selfOpeningRound);
    }
    expect(rounds.size).to.equal(1);
    // A fifth bidder attaches 417 bytes of garbage (valid commitment, deposit 1 ETH).
    const garbageBidder = f.accounts[5];
    const commitment = bidCommitment({ chainId: 31337, auctionHouse: kunitHouse, auctionId: id }, garbageBidder, ONE, randomSalt());
    await f.wallets[5].writeContract({ address: kunitHouse, abi: kUnitAuctionHouseAbi, functionName: "commitSelfOpening", args: [id, commitment, ONE, toHex(new Uint8Array(417).fill(7))], value: ONE });
    const h0 = await history(id);
    expect(sealedSelfOpeningCount(h0)).to.equal(5);
    expect(sealedBidsOf(h0).map((b) => b.order)).to.deep.equal([1, 2, 3, 4, 5]);
    expect((await prepareSelfOpenings(h0, beacon.config)).map((v) => v.status)).to.deep.equal(["not-yet", "not-yet", "not-yet", "not-yet", "malformed"]);

    // Before the opening time the keeper opens nothing.
    const early = await keeper(id);
    expect(early.success).to.equal(false);
    expect(early.out).to.contain(`K-unit auction ${id} is in phase`);
    expect(early.out).to.contain("bids open only in the reveal window");

    await f.increase(3601);
    const before = await f.blockNumber();
    const kept = await keeper(id, { from: "6" });
    expect(kept.success).to.equal(false);
    expect(kept.error!.message).to.equal("1 self-opening bid could not be opened (reasons above)");
    expect(kept.out).to.match(new RegExp(`K-unit auction ${id}: opened 4 of 4 in tx 0x[0-9a-f]{64}`));
    expect(kept.out).to.contain("Keeper opened 4 bids; 1 self-opening bid could not be opened.");
    expect(await f.blockNumber()).to.equal(before + 1n); // one revealMany, every hint good
    const row = (who: Address) => kept.out.split("\n").find((l) => l.includes(who)) ?? "";
    for (const i of [1, 2, 3, 4]) expect(row(f.accounts[i])).to.match(/ opened +in tx 0x[0-9a-f]{64}/);
    expect(row(garbageBidder)).to.contain("not a timelock ciphertext");

    const h1 = await history(id);
    expect(h1.anomalies).to.deep.equal([]);
    expect(h1.openings.map((o) => o.bidder)).to.deep.equal([1, 2, 3, 4].map((i) => f.accounts[i]));
    expect(new Set(h1.openings.map((o) => o.transactionHash)).size).to.equal(1);
    expect((await state(id)).openCount).to.equal(4);
    // Bidder 1 was pushed out of the top set by bidder 4 in the same batch.
    expect(h1.bidders[0].displacedBy?.bidder).to.equal(f.accounts[4]);

    // A second pass opens nothing and still reports the garbage.
    const again = await keeper(id, { auction: "", all: true });
    expect(again.success).to.equal(false);
    expect(again.out).to.contain("Keeper opened 0 bids; 1 self-opening bid could not be opened.");

    await f.increase(3601);
    const settled = await run("kunit:settle", { ...c, auction: a });
    expect(settled.success, settled.err).to.equal(true);
    expect(settled.value).to.include({ unitsSold: 3, price: ONE });
    expect(settled.value.winners.map((w: { bidder: Address }) => w.bidder)).to.deep.equal([f.accounts[4], f.accounts[3], f.accounts[2]]);
    const audit = await run("kunit:audit", { ...c, auction: a });
    expect(audit.success, `${audit.out}\n${audit.err}`).to.equal(true);
    expect(audit.value.ok).to.equal(true);
  });

  it("k = 1: a hidden-deposit self-opening bid (kunit:commit --hide-deposit --self-opening) is hinted with bond + vault, opened and swept by the keeper, and displaces a plain bid", async () => {
    const c = f.common;
    const [seller] = f.accounts;
    await items.write.mint([seller, 19n, 1n]);
    const created = await run("kunit:create", { ...c, lotToken: items.address, tokenId: "19", units: "1", bond: "0.1", commitWindow: "1h", revealWindow: "1h" });
    expect(created.success, created.err).to.equal(true);
    const id = created.value.auctionId as bigint;
    const a = String(id);
    const plain = await run("kunit:commit", { ...c, from: "2", auction: a, amount: "1", selfOpening: true, beacon: beacon.url, receipt: f.path("ksoh-plain.json"), force: true });
    expect(plain.success, plain.err).to.equal(true);
    const hidden = await run("kunit:commit", { ...c, from: "1", auction: a, amount: "3", hideDeposit: true, selfOpening: true, beacon: beacon.url, receipt: f.path("ksoh-hidden.json"), force: true });
    expect(hidden.success, hidden.err).to.equal(true);
    expect(hidden.value.hidden).to.equal(true);
    expect(hidden.out).to.contain(`Vault: ${hidden.value.vault}`);
    await f.wallets[7].sendTransaction({ to: hidden.value.vault, value: parseEther("2.9") });
    await f.increase(3601);
    const kept = await keeper(id, { from: "6" });
    expect(kept.success, kept.err).to.equal(true);
    expect(kept.out).to.contain("its vault sweep counted 2.9 ETH");
    const st = await state(id);
    expect(st.openCount).to.equal(2);
    const h = await history(id);
    expect(h.anomalies).to.deep.equal([]);
    const members = h.topSet!.members();
    expect(members.map((m) => m.amount)).to.deep.equal([parseEther("3")]);
    expect(h.bidders.find((b) => b.hidden)!.swept).to.equal(parseEther("2.9"));
  });

  it("standingSealedOpening: a top-up keeps the ciphertext, a replacement without one drops it", () => {
    const meta = (tx: string) => ({ blockNumber: 1n, logIndex: 0, transactionHash: tx as `0x${string}` });
    const sealed = "0xab" as const;
    const commits = [{ ...meta("0x01"), commitment: "0xc1" as const, deposit: 1n, order: 1 }];
    const sealedOpenings = [{ ...meta("0x01"), sealedOpening: sealed }];
    expect(standingSealedOpening({ commitment: "0xc1", commits, sealedOpenings })).to.equal(sealed);
    const toppedUp = [...commits, { ...meta("0x02"), commitment: "0xc1" as const, deposit: 2n, order: 1 }];
    expect(standingSealedOpening({ commitment: "0xc1", commits: toppedUp, sealedOpenings })).to.equal(sealed);
    const replaced = [...toppedUp, { ...meta("0x03"), commitment: "0xc2" as const, deposit: 2n, order: 1 }];
    expect(standingSealedOpening({ commitment: "0xc2", commits: replaced, sealedOpenings })).to.equal(null);
  });
});
