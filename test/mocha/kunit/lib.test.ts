/**
 * lib/ for k units, without a chain: the reference outcome (computeUnitOutcome) against an independent brute
 * force, computeOutcome against the single-item implementation it replaced, and the top-set model (hints,
 * batches, stale and garbage hints, order independence).
 */
import { expect } from "chai";
import { getAddress, type Address } from "viem";
import {
  computeOutcome, computeUnitOutcome, hashUnitTerms, unitSize, type CommitmentRecord, type Opening, type Outcome,
  type OutcomeInput, type UnitOutcomeInput,
} from "../../../lib/auction.js";
import { createRng, type Rng } from "../../../lib/lab/random.js";
import { batchHints, MAX_HINT_WALK, TopSetModel, type RevealedBid } from "../../../lib/top-set.js";

const addr = (i: number) => getAddress(`0x${(0xb1d000 + i).toString(16).padStart(40, "0")}`) as Address;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

/** The single-item reference as it was before k units (lib/auction.ts at 815c5ed), kept verbatim as an oracle. */
function legacyComputeOutcome(input: OutcomeInput): Outcome {
  const key = (a: Address) => getAddress(a);
  const commitments = new Map<Address, CommitmentRecord>();
  for (const c of input.commitments) commitments.set(key(c.bidder), c);
  const opened = new Map<Address, bigint>();
  for (const o of input.openings) opened.set(key(o.bidder), o.amount);
  let best: { bidder: Address; order: number; amount: bigint } | null = null;
  let secondAmount = 0n;
  let forfeited = 0;
  const refunds = new Map<Address, bigint>();
  for (const c of commitments.values()) {
    const amount = opened.get(key(c.bidder));
    if (amount === undefined || amount > c.deposit) {
      forfeited += 1;
      refunds.set(key(c.bidder), c.deposit - input.bond);
      continue;
    }
    refunds.set(key(c.bidder), c.deposit);
    if (best === null || amount > best.amount || (amount === best.amount && c.order < best.order)) {
      if (best !== null && best.amount > secondAmount) secondAmount = best.amount;
      best = { bidder: key(c.bidder), order: c.order, amount };
    } else if (amount > secondAmount) {
      secondAmount = amount;
    }
  }
  const sealed = input.sealedReserve;
  const openedReserve = sealed.committed && sealed.opened !== null ? sealed.opened : 0n;
  const effectiveReserve = openedReserve > input.floorReserve ? openedReserve : input.floorReserve;
  const sold = best !== null && best.amount >= effectiveReserve;
  let price = 0n;
  if (sold) {
    price = input.format === "first-price" ? best!.amount : secondAmount > effectiveReserve ? secondAmount : effectiveReserve;
    refunds.set(best!.bidder, refunds.get(best!.bidder)! - price);
  }
  const reserveForfeited = sealed.committed && sealed.opened === null;
  const burned = input.bond * BigInt(forfeited) + (reserveForfeited ? input.bond : 0n);
  const reserveBondBack = sealed.committed && sealed.opened !== null ? input.bond : 0n;
  return {
    winner: sold ? best!.bidder : null, price, effectiveReserve, bestAmount: best?.amount ?? null, secondAmount, burned,
    forfeitedCommitments: forfeited, refunds, sellerProceeds: price + reserveBondBack,
  };
}

/** A random auction: few distinct amounts (ties), some over-deposit and unopened bids, random reserves. */
function randomInput(rng: Rng, units: number): UnitOutcomeInput {
  const n = int(rng, 0, 14);
  const bond = BigInt(int(rng, 1, 3));
  const commitments: CommitmentRecord[] = [];
  const openings: Opening[] = [];
  const orders = Array.from({ length: n }, (_, i) => i + 1).sort(() => rng() - 0.5);
  for (let i = 0; i < n; i++) {
    const amount = BigInt(int(rng, 0, 8));
    const deposit = bond + BigInt(int(rng, 0, 9));
    commitments.push({ bidder: addr(i), order: orders[i], deposit });
    if (rng() < 0.85) openings.push({ bidder: addr(i), amount });
  }
  const sealedKind = int(rng, 0, 2);
  return {
    units, format: rng() < 0.5 ? "uniform-price" : "pay-as-bid", bond, floorReserve: BigInt(int(rng, 0, 4)),
    sealedReserve: sealedKind === 0 ? { committed: false } : { committed: true, opened: sealedKind === 1 ? BigInt(int(rng, 0, 7)) : null },
    commitments, openings,
  };
}

describe("k units, lib: reference outcome", () => {
  it("test_computeOutcome_equalsTheSingleItemImplementationItReplaced", () => {
    const rng = createRng(11);
    for (let t = 0; t < 3000; t++) {
      const u = randomInput(rng, 1);
      const input: OutcomeInput = { ...u, format: u.format === "uniform-price" ? "second-price" : "first-price" };
      const got = computeOutcome(input);
      const want = legacyComputeOutcome(input);
      expect({ ...got, refunds: [...got.refunds] }).to.deep.equal({ ...want, refunds: [...want.refunds] });
    }
  });

  it("test_computeUnitOutcome_matchesABruteForceScan", () => {
    const rng = createRng(12);
    for (let t = 0; t < 3000; t++) {
      const units = int(rng, 1, 8);
      const input = randomInput(rng, units);
      const out = computeUnitOutcome(input);
      // Brute force: pick the best remaining valid bid k times (by repeated scans), no sorting.
      const byBidder = new Map(input.commitments.map((c) => [c.bidder, c]));
      const valid = input.openings.filter((o) => o.amount <= byBidder.get(o.bidder)!.deposit)
        .map((o) => ({ bidder: o.bidder, amount: o.amount, order: byBidder.get(o.bidder)!.order }));
      const reserveOpened = input.sealedReserve.committed && input.sealedReserve.opened !== null ? input.sealedReserve.opened : 0n;
      const reserve = reserveOpened > input.floorReserve ? reserveOpened : input.floorReserve;
      const left = [...valid];
      const winners: typeof valid = [];
      while (winners.length < units) {
        let best = -1;
        for (let i = 0; i < left.length; i++) {
          const b = left[i];
          if (b.amount < reserve) continue;
          if (best < 0 || b.amount > left[best].amount || (b.amount === left[best].amount && b.order < left[best].order)) best = i;
        }
        if (best < 0) break;
        winners.push(left.splice(best, 1)[0]);
      }
      let highestLosing = 0n;
      for (const b of left) if (b.amount > highestLosing) highestLosing = b.amount;
      const uniform = highestLosing > reserve ? highestLosing : reserve;
      expect(out.winners.map((w) => w.bidder)).to.deep.equal(winners.map((w) => w.bidder));
      expect(out.unitsSold + out.unsoldUnits).to.equal(units);
      expect(out.price).to.equal(winners.length && input.format === "uniform-price" ? uniform : 0n);
      for (const w of out.winners) expect(w.price).to.equal(input.format === "uniform-price" ? uniform : w.amount);
      for (const w of out.winners) expect(w.price <= w.amount).to.equal(true);
      // Conservation: deposits = refunds + prices + forfeited commitment bonds.
      const deposits = input.commitments.reduce((s, c) => s + c.deposit, 0n);
      const refunds = [...out.refunds.values()].reduce((s, x) => s + x, 0n);
      const paid = out.winners.reduce((s, w) => s + w.price, 0n);
      expect(refunds + paid + input.bond * BigInt(out.forfeitedCommitments)).to.equal(deposits);
    }
  });
});

describe("k units, lib: top-set model and hints", () => {
  const reveals = (rng: Rng, n: number): RevealedBid[] =>
    Array.from({ length: n }, (_, i) => ({ order: i + 1, amount: BigInt(int(rng, 0, 12)), valid: rng() < 0.9 })).sort(() => rng() - 0.5);

  it("test_replay_isOrderIndependent_andEqualsTheReferenceWinners", () => {
    const rng = createRng(13);
    for (let t = 0; t < 600; t++) {
      const units = int(rng, 1, 10);
      const reserve = BigInt(int(rng, 0, 5));
      const rs = reveals(rng, int(rng, 0, 30));
      const a = TopSetModel.replay(units, reserve, rs);
      const b = TopSetModel.replay(units, reserve, [...rs].reverse());
      const orders = (m: TopSetModel) => m.members().map((x) => x.order);
      expect(orders(a)).to.deep.equal(orders(b));
      expect(a.threshold).to.equal(b.threshold);
      const ref = computeUnitOutcome({
        units, format: "uniform-price", bond: 0n, floorReserve: reserve, sealedReserve: { committed: false },
        commitments: rs.map((r) => ({ bidder: addr(r.order), order: r.order, deposit: r.valid ? r.amount : 0n })),
        openings: rs.map((r) => ({ bidder: addr(r.order), amount: r.valid ? r.amount : 1n })),
      });
      expect(orders(a)).to.deep.equal(ref.winners.map((w) => w.order).reverse());
      if (ref.unitsSold) expect(a.threshold).to.equal(ref.price);
      const slots = a.members().map((m) => m.slot);
      expect(new Set(slots).size).to.equal(slots.length);
      for (const s of slots) expect(s >= 1 && s <= units).to.equal(true);
    }
  });

  it("test_freshHintsWalkNothing_andBatchHintsChain", () => {
    const rng = createRng(14);
    for (let t = 0; t < 300; t++) {
      const units = int(rng, 1, 12);
      const set = new TopSetModel(units, BigInt(int(rng, 0, 3)));
      const rs = reveals(rng, int(rng, 0, 40));
      const half = Math.floor(rs.length / 2);
      for (const r of rs.slice(0, half)) expect(set.open(r, set.hintFor(r)).walked).to.equal(0);
      const hints = batchHints(set, rs.slice(half));
      for (const [i, r] of rs.slice(half).entries()) expect(set.open(r, hints[i]).walked).to.equal(0);
    }
  });

  it("test_staleAndGarbageHints_giveTheSameSet_orHintTooFarAndNoChange", () => {
    const rng = createRng(15);
    let tooFar = 0;
    for (let t = 0; t < 300; t++) {
      const units = int(rng, 1, 40);
      const set = new TopSetModel(units, 0n);
      for (const r of Array.from({ length: int(rng, 0, 80) }, (_, i) => ({ order: i + 1, amount: BigInt(int(rng, 0, 1000)), valid: true })).sort(() => rng() - 0.5)) {
        const honest = set.clone();
        honest.open(r);
        const garbage = [0, int(rng, 1, units), int(rng, 1, 70000), 0xffff, 0x10000, int(rng, 1, units)][int(rng, 0, 5)];
        const before = set.members().map((m) => `${m.slot}:${m.order}:${m.amount}`).join();
        try {
          set.open(r, garbage);
        } catch (e) {
          expect(String(e)).to.match(/HintTooFar/);
          expect(set.members().map((m) => `${m.slot}:${m.order}:${m.amount}`).join()).to.equal(before);
          tooFar++;
          set.open(r); // a fresh hint always works
        }
        expect(set.members()).to.deep.equal(honest.members());
        expect(set.threshold).to.equal(honest.threshold);
      }
    }
    expect(tooFar).to.be.greaterThan(0);
  });

  it("test_walkBound_isMaxHintWalk", () => {
    const set = new TopSetModel(40, 0n);
    for (let i = 1; i <= 20; i++) set.open({ order: i, amount: BigInt(i * 10), valid: true });
    // A bid just above the 18th member, hinted at the lowest member: 17 steps is one too many.
    expect(() => set.clone().open({ order: 30, amount: 185n, valid: true }, set.members()[0].slot)).to.throw(/HintTooFar/);
    expect(set.clone().open({ order: 30, amount: 175n, valid: true }, set.members()[0].slot).walked).to.equal(MAX_HINT_WALK);
  });
});

describe("k units, lib: terms", () => {
  it("test_unitSize_andHashUnitTerms", () => {
    const terms = {
      seller: addr(1), lotKind: 1, lotToken: addr(2), lotId: 0n, lotAmount: 1000n, units: 8, paymentToken: addr(0),
      format: 0, commitEnd: 10, reserveEnd: 0, revealEnd: 20, bond: 1n, floorReserve: 0n,
      sealedReserveCommitment: `0x${"00".repeat(32)}` as const, reserveNonce: 0n,
    };
    expect(unitSize(terms)).to.equal(125n);
    expect(unitSize({ ...terms, lotKind: 0, lotAmount: 8n })).to.equal(1n);
    expect(() => unitSize({ ...terms, lotAmount: 1001n })).to.throw(/equal units/);
    expect(hashUnitTerms(terms)).to.not.equal(hashUnitTerms({ ...terms, units: 9 }));
  });
});
