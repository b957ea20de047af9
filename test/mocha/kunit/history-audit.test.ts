/**
 * lib/kunit-history.ts and lib/kunit-audit.ts against the real contract: random k-unit auctions driven through
 * KUnitAuctionHouse (single reveals, batches, sealed reserves, displaced withdrawals, deliveries, unopened
 * withdrawals, unsold units, proceeds) must rebuild from their logs and audit clean against the contract's views
 * at every stage; a forged log must be caught.
 */
import { expect } from "chai";
import { createPublicClient, custom, type Address, type Hex, type PublicClient } from "viem";
import { createRng } from "../../../lib/lab/random.js";
import { auditKUnitHistory, readKUnitViews, UNIT_POSITION } from "../../../lib/kunit-audit.js";
import {
  buildKUnitHistory, fetchKUnitHistory, kUnitHistoryFromEvents, kUnitPhaseFromHistory, topSetOf, type KUnitEvent, type KUnitHistory,
} from "../../../lib/kunit-history.js";
import type { RpcLog, RpcRequester } from "../../../lib/logs.js";
import { batchHints } from "../../../lib/top-set.js";
import {
  ERC20_LOT, ONE, PAY_AS_BID, UNIFORM, createUnitAuction, deployUnitFixture, ethers, networkHelpers, now, type UnitAuction, type UnitBid,
} from "./fixture.js";

const rpc: RpcRequester = { request: ({ method, params }) => ethers.provider.send(method, (params as unknown[]) ?? []) };
const client = createPublicClient({ transport: custom(rpc) }) as unknown as PublicClient;

async function history(a: UnitAuction): Promise<KUnitHistory> {
  return fetchKUnitHistory(rpc, { auctionHouse: (await a.house.getAddress()) as Address, auctionId: a.id, fromBlock: 0n });
}

async function audit(a: UnitAuction) {
  const h = await history(a);
  return auditKUnitHistory(h, await readKUnitViews(client, h));
}

async function expectClean(a: UnitAuction, stage: string) {
  const r = await audit(a);
  expect(r.differences, `${stage}: ${r.differences.join("; ")}`).to.deep.equal([]);
  expect(r.ok).to.equal(true);
  return r;
}

/** The raw logs of one auction's house. */
async function rawLogs(a: UnitAuction): Promise<RpcLog[]> {
  return (await rpc.request({ method: "eth_getLogs", params: [{ address: await a.house.getAddress(), fromBlock: "0x0", toBlock: "latest" }] })) as RpcLog[];
}

describe("k units: history and audit from the logs", () => {
  it("test_randomAuctions_auditMatchesSettlementAndViews_atEveryStage", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const rng = createRng(11);
    const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
    let audited = 0;
    for (let round = 0; round < 6; round++) {
      const units = int(1, 5);
      const a = await createUnitAuction(f, {
        units,
        format: rng() < 0.5 ? UNIFORM : PAY_AS_BID,
        floorReserve: rng() < 0.3 ? BigInt(int(1, 3)) * ONE : 0n,
        sealedReserve: rng() < 0.3 ? BigInt(int(1, 4)) * ONE / 2n : undefined,
        paymentToken: rng() < 0.5 ? await f.payToken.getAddress() : undefined,
        lotKind: rng() < 0.5 ? ERC20_LOT : undefined,
      });
      const bids: UnitBid[] = [];
      for (const s of f.signers.slice(1, 1 + int(1, 10))) {
        const amount = BigInt(int(0, 6)) * ONE / 2n;
        const deposit = rng() < 0.15 && amount > ONE ? amount - ONE / 2n : amount + ONE / 10n;
        bids.push(await a.commit(s, amount, deposit < a.terms.bond ? a.terms.bond : deposit));
      }
      await expectClean(a, `round ${round} committed`);
      if (a.sealedReserve !== undefined && rng() < 0.7) {
        await a.toReservePhase();
        await a.revealReserve();
      }
      await a.toRevealPhase();
      const toOpen = bids.filter(() => rng() < 0.85).sort(() => rng() - 0.5);
      while (toOpen.length) {
        const chunk = toOpen.splice(0, int(1, 3));
        if (chunk.length === 1) await a.reveal(chunk[0], { by: f.keeper });
        else {
          const hints = batchHints(await a.model(), chunk.map((b) => ({ amount: b.amount, order: Number(b.order), valid: b.amount <= b.deposit })));
          await f.house.connect(f.keeper).revealMany(a.id, chunk.map((b, i) => ({ bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order, hint: hints[i] })));
        }
      }
      // Displaced bids withdraw at once.
      for (const b of bids) {
        const [status] = await f.house.positionOf(a.id, b.bidder.address);
        if (status === BigInt(UNIT_POSITION.Displaced) && rng() < 0.6) await f.house.connect(b.bidder).withdrawRefund(a.id, b.bidder.address);
      }
      await expectClean(a, `round ${round} opened`);
      await a.toEnd();
      await a.settle();
      const settled = await expectClean(a, `round ${round} settled`);
      expect(settled.status).to.equal("settled");
      // Claims, deliveries, withdrawals.
      for (const w of settled.expected!.winners) {
        const bid = a.bids.get(w.bidder)!;
        if (rng() < 0.3) {
          await f.house.connect(f.seller).deliverUnit(a.id, a.terms, w.bidder);
          if (rng() < 0.5 && bid.deposit > w.price) await f.house.connect(bid.bidder).withdrawRefund(a.id, w.bidder);
        } else await a.claimUnit(bid);
      }
      for (const b of bids) {
        const [status] = await f.house.positionOf(a.id, b.bidder.address);
        if (status === 1n) await f.house.connect(b.bidder).withdrawUnrevealed(a.id, { commitment: b.commitment, deposit: b.deposit, order: b.order }, b.bidder.address);
        else if (status === 2n || status === 4n) await f.house.connect(b.bidder).withdrawRefund(a.id, b.bidder.address);
      }
      if (settled.expected!.unsoldUnits > 0) await f.house.connect(f.seller).claimUnsold(a.id, a.terms, f.seller.address);
      const st = await a.state();
      if (st.releasedProceeds > 0n) await f.house.connect(f.seller).withdrawProceeds(a.id, a.terms, f.seller.address);
      const done = await expectClean(a, `round ${round} paid out`);
      expect(done.units!.inHouse).to.equal(0);
      expect(done.money!.heldForBidders).to.equal(0n);
      expect(done.money!.sellerReleased).to.equal(0n);
      expect(done.money!.sellerWithdrawn).to.equal(done.money!.sellerTotal);
      audited++;
    }
    expect(audited).to.equal(6);
  });

  it("test_audit_forgedSettlementPrice_andForgedOpening_areCaught", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, format: UNIFORM });
    const bids = [
      await a.commit(f.alice, 3n * ONE), await a.commit(f.bob, 2n * ONE), await a.commit(f.carol, ONE),
    ];
    await a.toRevealPhase();
    for (const b of bids) await a.reveal(b);
    await a.settle();
    const house = (await a.house.getAddress()) as Address;
    const logs = await rawLogs(a);
    const o = { chainId: Number(f.chainId), auctionHouse: house, auctionId: a.id };
    const clean = auditKUnitHistory(buildKUnitHistory(logs, o), null);
    expect(clean.differences).to.deep.equal([]);
    expect(clean.settlement!.price).to.equal(ONE);

    // The settlement says the winners pay 2 instead of 1 (the third-highest bid).
    const settledTopic = (await a.house.getEvent("AuctionSettled").getFragment()).topicHash;
    const forgedPrice = logs.map((l) => {
      if (l.topics[0] !== settledTopic) return l;
      const words = l.data.slice(2).match(/.{64}/g)!;
      words[1] = (2n * ONE).toString(16).padStart(64, "0");
      return { ...l, data: `0x${words.join("")}` as Hex };
    });
    const r1 = auditKUnitHistory(buildKUnitHistory(forgedPrice, o), null);
    expect(r1.ok).to.equal(false);
    expect(r1.differences.join("\n")).to.match(/uniform price/);

    // Carol's opening claims a bid of 2.5: it no longer hashes to her commitment, and is above her deposit of 1
    // while the log says valid.
    const revealedTopic = (await a.house.getEvent("BidRevealed").getFragment()).topicHash;
    const carolTopic = ethers.zeroPadValue(f.carol.address, 32).toLowerCase();
    const forgedOpening = logs.map((l) => {
      if (l.topics[0] !== revealedTopic || l.topics[2].toLowerCase() !== carolTopic) return l;
      const words = l.data.slice(2).match(/.{64}/g)!;
      words[0] = ((5n * ONE) / 2n).toString(16).padStart(64, "0");
      return { ...l, data: `0x${words.join("")}` as Hex };
    });
    const r2 = auditKUnitHistory(buildKUnitHistory(forgedOpening, o), null);
    expect(r2.ok).to.equal(false);
    expect(r2.differences.join("\n")).to.match(/does not hash to its commitment/);
    expect(r2.differences.join("\n")).to.match(/opening says valid = true for 2500000000000000000 against a deposit of 1000000000000000000/);

    // Bob's opening (slot 1, the second of two free slots) is logged in slot 2: the top set's rule disagrees.
    const bobTopic = ethers.zeroPadValue(f.bob.address, 32).toLowerCase();
    const forgedSlot = logs.map((l) => {
      if (l.topics[0] !== revealedTopic || l.topics[2].toLowerCase() !== bobTopic) return l;
      const words = l.data.slice(2).match(/.{64}/g)!;
      words[3] = "2".padStart(64, "0");
      return { ...l, data: `0x${words.join("")}` as Hex };
    });
    const r4 = auditKUnitHistory(buildKUnitHistory(forgedSlot, o), null);
    expect(r4.differences.join("\n")).to.match(/took slot 2 displacing order 0; the top set's rule gives slot 1 displacing 0/);

    // A dropped opening: the views (3 openings) disagree with the logs (2).
    const dropped = logs.filter((l) => !(l.topics[0] === revealedTopic && l.topics[2].toLowerCase() === carolTopic));
    const h3 = buildKUnitHistory(dropped, o);
    const r3 = auditKUnitHistory(h3, await readKUnitViews(client, h3, await ethers.provider.getBlockNumber().then(BigInt)));
    expect(r3.differences.join("\n")).to.match(/openings \(auctionState.openCount\): expected 2, found 3/);
  });

  it("test_history_recordsSlotsDisplacementsSelfOpeningsAndPhase", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 2, format: PAY_AS_BID });
    const alice = await a.commit(f.alice, ONE);
    const bob = await a.commit(f.bob, 2n * ONE);
    // Carol's commitment carries a (here opaque) sealed opening.
    const cSalt = ethers.id("carol") as Hex;
    const carolCommitment = a.commitmentFor(f.carol.address, 3n * ONE, cSalt);
    await f.house.connect(f.carol).commitSelfOpening(a.id, carolCommitment, 3n * ONE, "0xdeadbeef", { value: 3n * ONE });
    let h = await history(a);
    expect(kUnitPhaseFromHistory(h, await now())).to.equal("committing");
    expect(h.bidders.map((b) => b.order)).to.deep.equal([1, 2, 3]);
    expect(h.bidders[2].sealedOpenings.map((s) => s.sealedOpening)).to.deep.equal(["0xdeadbeef"]);

    await a.toRevealPhase();
    expect(kUnitPhaseFromHistory(h, await now())).to.equal("revealing");
    await a.reveal(alice);
    await a.reveal(bob);
    const carol: UnitBid = { bidder: f.carol, amount: 3n * ONE, salt: cSalt, deposit: 3n * ONE, order: 3n, commitment: carolCommitment };
    await a.reveal(carol);
    h = await history(a);
    expect(h.anomalies).to.deep.equal([]);
    expect(h.bidders.map((b) => b.opening!.slot)).to.deep.equal([2, 1, 2]);
    expect(h.bidders[2].opening!.displaced).to.equal(1);
    expect(h.bidders[0].displacedBy?.bidder).to.equal(f.carol.address);
    expect(topSetOf(h).members().map((m) => m.order)).to.deep.equal([2, 3]);
    expect(kUnitPhaseFromHistory(h, await now())).to.equal("awaiting-settlement");
    await a.settle();
    h = await history(a);
    expect(kUnitPhaseFromHistory(h, await now())).to.equal("settled");
    expect(h.settlement).to.include({ unitsSold: 2, price: 0n });
  });

  it("test_fold_impossibleSequences_becomeAnomalies", async () => {
    const f = await networkHelpers.loadFixture(deployUnitFixture);
    const a = await createUnitAuction(f, { units: 1 });
    const bid = await a.commit(f.alice, ONE);
    await a.toRevealPhase();
    await a.reveal(bid);
    await a.settle();
    await a.claimUnit(bid);
    const h = await history(a);
    const events = h.events;
    const find = (n: KUnitEvent["name"]) => events.find((e) => e.name === n)!;
    const o = { chainId: Number(f.chainId), auctionHouse: h.auctionHouse, auctionId: a.id };
    const reordered = [find("AuctionCreated"), find("BidCommitted"), find("BidRevealed"), find("BidRevealed"), find("UnitClaimed"), find("AuctionSettled"), find("UnitClaimed")];
    const bad = kUnitHistoryFromEvents(reordered, o);
    const text = bad.anomalies.join("\n");
    expect(text).to.match(/opened twice/);
    expect(text).to.match(/unit left before settlement/);
    expect(text).to.match(/got a second unit/);
    expect(kUnitHistoryFromEvents([find("BidCommitted")], o).anomalies.join()).to.match(/before the auction was created/);
  });
});
