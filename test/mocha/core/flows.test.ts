/**
 * Full flows for every combination of format × reserve × lot kind × payment kind, each checked against the
 * shared reference outcome (lib/auction.ts computeOutcome): winner, price, burned bonds, every participant's
 * net balance change, the lot's final owner, and that the house keeps exactly the burned bonds. Refunds of bids
 * that do not lead (and of a displaced leader) move in the reveals; settlement delivers the lot, the standing
 * leader's refund and the proceeds, so only the unopened deposit is left to claim.
 */
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { Address } from "viem";
import { compareRank, computeOutcome, FORMATS, type Opening } from "../../../lib/auction.js";
import {
  BOND, ERC20_LOT, ERC721_LOT, ETH, FIRST_PRICE, SECOND_PRICE, createAuction, deployFixture, ethers, networkHelpers,
  type Bid, type Fixture,
} from "./fixture.js";

const U = ethers.parseEther("1");

interface ReserveCase {
  name: string;
  floor?: bigint;
  sealed?: bigint;
  openSealed?: boolean;
}

const RESERVES: ReserveCase[] = [
  { name: "no reserve" },
  { name: "public reserve" , floor: 4n * U },
  { name: "sealed reserve, opened", sealed: 9n * U / 2n, openSealed: true },
  { name: "sealed reserve, withheld", sealed: 7n * U, openSealed: false },
  { name: "sealed reserve above every bid (unsold)", sealed: 6n * U, openSealed: true },
];

describe("AuctionHouse: full flows against the reference outcome", () => {
  for (const format of [SECOND_PRICE, FIRST_PRICE]) {
    for (const reserve of RESERVES) {
      for (const lotKind of [ERC721_LOT, ERC20_LOT]) {
        for (const payment of ["ETH", "ERC-20"] as const) {
          const name = `${FORMATS[format]} · ${reserve.name} · ${lotKind === ERC721_LOT ? "ERC-721" : "ERC-20"} lot · ${payment}`;
          it(name, async () => {
            const f = await networkHelpers.loadFixture(deployFixture);
            await runFlow(f, format, reserve, lotKind, payment);
          });
        }
      }
    }
  }
});

async function runFlow(f: Fixture, format: number, reserve: ReserveCase, lotKind: number, payment: "ETH" | "ERC-20") {
  const paymentToken = payment === "ETH" ? ETH : await f.payToken.getAddress();
  const fees = new Map<string, bigint>();
  const send = async (p: Promise<ContractTransactionResponse>) => {
    const r = (await (await p).wait())!;
    if (payment === "ETH") fees.set(r.from, (fees.get(r.from) ?? 0n) + r.gasUsed * r.gasPrice);
    return r;
  };

  const a = await createAuction(f, { format, lotKind, paymentToken, floorReserve: reserve.floor, sealedReserve: reserve.sealed });
  const plan = [
    { who: f.alice, amount: 5n * U, deposit: 6n * U, open: "self" }, // ties with erin; earlier commitment
    { who: f.bob, amount: 3n * U, deposit: 3n * U, open: "keeper" },
    { who: f.carol, amount: 9n * U, deposit: 4n * U, open: "self" }, // over-deposit: forfeits its bond
    { who: f.dave, amount: 8n * U, deposit: 8n * U, open: "never" }, // forfeits its bond
    { who: f.erin, amount: 5n * U, deposit: 5n * U, open: "keeper" },
  ] as const;
  const actors = [f.seller, ...plan.map((p) => p.who)];
  const start = new Map<string, bigint>();
  for (const s of actors) start.set(s.address, await a.balanceOf(s.address));

  const bids: Bid[] = [];
  for (const p of plan) {
    const b = await a.commit(p.who, p.amount, p.deposit);
    const r = await ethers.provider.getTransactionReceipt((await ethers.provider.getBlock("latest"))!.transactions[0]);
    if (payment === "ETH") fees.set(r!.from, (fees.get(r!.from) ?? 0n) + r!.gasUsed * r!.gasPrice);
    bids.push(b);
  }
  // The seller fixes its sealed reserve (or withholds it) before any bid can be opened (rule 6).
  await a.toReservePhase();
  if (reserve.sealed !== undefined && reserve.openSealed) await send(a.revealReserve());
  await a.toRevealPhase();
  // Reveal in reverse commit order, so the tie is opened late-first: the earlier commitment must still win.
  for (const [i, p] of [...plan.entries()].reverse()) {
    if (p.open === "never") continue;
    await send(a.reveal(bids[i], p.open === "keeper" ? f.keeper : p.who));
  }
  await a.toEnd();

  const openings: Opening[] = plan.flatMap((p) => (p.open === "never" ? [] : [{ bidder: p.who.address as Address, amount: p.amount }]));
  const expected = computeOutcome({
    format: FORMATS[format],
    bond: BOND,
    floorReserve: reserve.floor ?? 0n,
    sealedReserve: reserve.sealed === undefined ? { committed: false } : { committed: true, opened: reserve.openSealed ? reserve.sealed : null },
    commitments: bids.map((b) => ({ bidder: b.bidder.address as Address, order: Number(b.order), deposit: b.deposit })),
    openings,
  });

  const net = async (who: string) => (await a.balanceOf(who)) + (fees.get(who) ?? 0n) - start.get(who)!;
  // The standing leader: the best valid bid (rule 5), which the reference names only when it sells.
  const valid = plan.flatMap((p, i) => (p.open !== "never" && p.amount <= p.deposit ? [{ who: p.who, amount: p.amount, order: Number(bids[i].order) }] : []));
  const leader = [...valid].sort(compareRank)[0].who;
  expect(expected.winner ?? leader.address).to.equal(leader.address);
  // Before settlement every opened bid but the standing leader's is already back where the reference puts it
  // (the displaced leader too, in the reveal that displaced it); the leader's deposit is still held in full.
  for (const [i, p] of plan.entries()) {
    const [status, held] = await f.house.positionOf(a.id, p.who.address);
    if (p.who === leader) {
      expect([status, held, await net(p.who.address)]).to.deep.equal([2n, bids[i].deposit, -bids[i].deposit]);
    } else if (p.open === "never") {
      expect(status).to.equal(1n);
    } else {
      expect([status, held], `position of bidder ${i}`).to.deep.equal([0n, 0n]);
      expect(await net(p.who.address), `net of bidder ${i} after the reveals`)
        .to.equal(expected.refunds.get(p.who.address as Address)! - bids[i].deposit);
    }
  }

  const lotOwner = expected.winner ? leader : f.seller;
  const leaderRefund = expected.refunds.get(leader.address as Address)!;
  const watched = [leader.address, f.seller.address, ...plan.filter((p) => p.who !== leader).map((p) => p.who.address), f.house.target as string];
  const before = await Promise.all(watched.map((w) => a.balanceOf(w)));
  const lotBefore = lotKind === ERC20_LOT ? await f.lotToken.balanceOf(lotOwner.address) : 0n;
  const settle = await a.settle();
  await expect(settle).to.emit(f.house, "AuctionSettled")
    .withArgs(a.id, expected.winner ?? ethers.ZeroAddress, expected.price, expected.effectiveReserve, expected.burned);
  // Settlement delivers the lot, the standing leader's refund and the seller's proceeds (the keeper pays the gas).
  await expect(settle).to.emit(f.house, "LotClaimed").withArgs(a.id, lotOwner.address, lotOwner.address);
  await expect(settle).to.emit(f.house, "RefundWithdrawn").withArgs(a.id, leader.address, leader.address, leaderRefund);
  if (expected.sellerProceeds > 0n) {
    await expect(settle).to.emit(f.house, "ProceedsWithdrawn").withArgs(a.id, f.seller.address, f.seller.address, expected.sellerProceeds);
  } else {
    await expect(settle).not.to.emit(f.house, "ProceedsWithdrawn");
  }
  await expect(settle).not.to.emit(f.house, "RefundDeferred");
  const deltas = (await Promise.all(watched.map((w) => a.balanceOf(w)))).map((x, i) => x - before[i]);
  expect(deltas, "settlement's payments").to.deep.equal([
    leaderRefund, expected.sellerProceeds, ...plan.filter((p) => p.who !== leader).map(() => 0n), -(leaderRefund + expected.sellerProceeds),
  ]);
  if (lotKind === ERC20_LOT) expect((await f.lotToken.balanceOf(lotOwner.address)) - lotBefore).to.equal(a.terms.lotAmountOrId);
  expect((await a.state()).lotClaimed).to.equal(true);
  expect(await f.house.proceedsOf(a.id, f.seller.address)).to.equal(0n);

  // Nothing is left to claim but the unopened deposit.
  await expect(f.house.connect(lotOwner).claimLot(a.id, a.terms, lotOwner.address))
    .to.be.revertedWithCustomError(f.house, "LotAlreadyClaimed").withArgs(a.id);
  await expect(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address))
    .to.be.revertedWithCustomError(f.house, "NothingToWithdraw").withArgs(a.id, f.seller.address);
  for (const [i, p] of plan.entries()) {
    const [status] = await f.house.positionOf(a.id, p.who.address);
    expect(status, `position of bidder ${i} after settlement`).to.equal(p.open === "never" ? 1n : 0n);
    if (status === 1n) await send(f.house.connect(p.who).withdrawUnrevealed(a.id, bids[i], p.who.address));
    expect(await f.house.positionOf(a.id, p.who.address)).to.deep.equal([0n, 0n]);
  }

  // Every participant ends exactly where the reference says.
  for (const [i, p] of plan.entries()) {
    const refund = expected.refunds.get(p.who.address as Address)!;
    expect(await net(p.who.address), `net of bidder ${i}`).to.equal(refund - bids[i].deposit);
  }
  expect(await net(f.seller.address), "seller net").to.equal(expected.sellerProceeds);

  // The lot went to its owner and the house holds only the burned bonds.
  if (lotKind === ERC721_LOT) {
    expect(await f.nft.ownerOf(a.terms.lotAmountOrId)).to.equal(lotOwner.address);
  } else {
    expect(await f.lotToken.balanceOf(f.house.target)).to.equal(0n);
  }
  const houseBalance = payment === "ETH" ? await ethers.provider.getBalance(f.house.target) : await f.payToken.balanceOf(f.house.target);
  expect(houseBalance, "house keeps only burned bonds").to.equal(expected.burned);
  expect((await a.state()).winner).to.equal(expected.winner ? lotOwner.address : ethers.ZeroAddress);
}
