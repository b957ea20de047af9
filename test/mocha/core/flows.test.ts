/**
 * Full flows for every combination of format × reserve × lot kind × payment kind, each checked against the
 * shared reference outcome (lib/auction.ts computeOutcome): winner, price, burned bonds, every participant's
 * net balance change, the lot's final owner, and that the house keeps exactly the burned bonds.
 */
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import type { Address } from "viem";
import { computeOutcome, FORMATS, type Opening } from "../../../lib/auction.js";
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

  const settle = await a.settle();
  await expect(settle).to.emit(f.house, "AuctionSettled")
    .withArgs(a.id, expected.winner ?? ethers.ZeroAddress, expected.price, expected.effectiveReserve, expected.burned);

  // Claims: the lot, every refund, the unopened deposit, the proceeds.
  const lotOwner = expected.winner ? plan.find((p) => p.who.address === expected.winner)!.who : f.seller;
  await send(f.house.connect(lotOwner).claimLot(a.id, a.terms, lotOwner.address));
  for (const [i, p] of plan.entries()) {
    const [status] = await f.house.positionOf(a.id, p.who.address);
    if (status === 2n) await send(f.house.connect(p.who).withdrawRefund(a.id, p.who.address));
    if (status === 1n) await send(f.house.connect(p.who).withdrawUnrevealed(a.id, bids[i], p.who.address));
    expect(await f.house.positionOf(a.id, p.who.address)).to.deep.equal([0n, 0n]);
  }
  if (expected.sellerProceeds > 0n) await send(f.house.connect(f.seller).withdrawProceeds(a.id, f.seller.address));

  // Every participant ends exactly where the reference says.
  for (const [i, p] of plan.entries()) {
    const net = (await a.balanceOf(p.who.address)) + (fees.get(p.who.address) ?? 0n) - start.get(p.who.address)!;
    const refund = expected.refunds.get(p.who.address as Address)!;
    expect(net, `net of bidder ${i}`).to.equal(refund - bids[i].deposit);
  }
  const sellerNet = (await a.balanceOf(f.seller.address)) + (fees.get(f.seller.address) ?? 0n) - start.get(f.seller.address)!;
  expect(sellerNet, "seller net").to.equal(expected.sellerProceeds);

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
