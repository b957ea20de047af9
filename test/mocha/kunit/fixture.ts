/**
 * Shared set-up for the k-unit house's tests: contracts, funded actors, and a driver that creates an auction
 * and commits, reveals (with hints computed from the house's logs by lib/top-set.ts, the way a client does),
 * settles and claims through the real contract. Commitments come from lib/auction.ts, so every test also checks
 * that the TypeScript rules and the contract agree.
 */
import { network } from "hardhat";
import type { Signer } from "ethers";
import type { Address, Hex } from "viem";
import {
  bidCommitment, reserveCommitment, UNIT_FORMATS, ZERO_ADDRESS, ZERO_BYTES32, computeUnitOutcome,
  type UnitAuctionTerms, type UnitOutcome,
} from "../../../lib/auction.js";
import { TopSetModel, type RevealedBid } from "../../../lib/top-set.js";
import type { KUnitAuctionHouse } from "../../../typechain-types/index.js";

export const { ethers, networkHelpers } = await network.create();

export const BOND = ethers.parseEther("0.1");
export const ONE = ethers.parseEther("1");
export const COMMIT_WINDOW = 3600;
export const REVEAL_WINDOW = 3600;
export const RESERVE_WINDOW = 600;
export const ETH = ZERO_ADDRESS;
export const UNIFORM = 0;
export const PAY_AS_BID = 1;
export const ERC1155_LOT = 0;
export const ERC20_LOT = 1;
export const PHASE = { None: 0n, Committing: 1n, OpeningReserve: 2n, Revealing: 3n, AwaitingSettlement: 4n, Settled: 5n, Cancelled: 6n };
export const POSITION = { None: 0n, Sealed: 1n, Owed: 2n, Ranked: 3n, Displaced: 4n };
export const TOKEN_SUPPLY = ethers.parseEther("1000000");

export async function deployUnitFixture() {
  const signers = await ethers.getSigners();
  const [seller, alice, bob, carol, dave, erin, keeper] = signers;
  const house = await ethers.deployContract("KUnitAuctionHouse");
  const items = await ethers.deployContract("MockERC1155");
  const payToken = await ethers.deployContract("MockERC20", ["Pay", "PAY"]);
  const lotToken = await ethers.deployContract("MockERC20", ["Lot Token", "LTK"]);
  const houseAddress = await house.getAddress();
  for (const s of signers) {
    await payToken.mint(s.address, TOKEN_SUPPLY);
    await payToken.connect(s).approve(houseAddress, ethers.MaxUint256);
  }
  await lotToken.mint(seller.address, TOKEN_SUPPLY);
  await lotToken.connect(seller).approve(houseAddress, ethers.MaxUint256);
  await items.connect(seller).setApprovalForAll(houseAddress, true);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { house, items, payToken, lotToken, signers, seller, alice, bob, carol, dave, erin, keeper, chainId };
}

export type UnitFixture = Awaited<ReturnType<typeof deployUnitFixture>>;

export function salt(label: string): Hex {
  return ethers.id(label) as Hex;
}

export async function now(): Promise<number> {
  return networkHelpers.time.latest();
}

export async function advanceTo(t: number): Promise<void> {
  if ((await now()) < t) await networkHelpers.time.increaseTo(t);
}

export interface UnitTermsOptions {
  units?: number;
  lotKind?: number;
  /** ERC-20 lot amount (default: units × 10 tokens). */
  lotAmount?: bigint;
  paymentToken?: string;
  format?: number;
  bond?: bigint;
  floorReserve?: bigint;
  sealedReserve?: bigint;
  seller?: Signer & { address: string };
  /** ERC-1155 contract for the lot (default: the fixture's MockERC1155). */
  items?: { getAddress(): Promise<string>; mint(to: string, id: bigint, amount: bigint): Promise<unknown> };
}

export interface UnitBid {
  bidder: Signer & { address: string };
  amount: bigint;
  salt: Hex;
  deposit: bigint;
  order: bigint;
  commitment: Hex;
}

let nextLotId = 1000n;

export async function createUnitAuction(f: UnitFixture, o: UnitTermsOptions = {}): Promise<UnitAuction> {
  const units = o.units ?? 3;
  const lotKind = o.lotKind ?? ERC1155_LOT;
  const seller = o.seller ?? f.seller;
  const items = o.items ?? f.items;
  const lotId = lotKind === ERC1155_LOT ? nextLotId++ : 0n;
  if (lotKind === ERC1155_LOT) await items.mint(seller.address, lotId, BigInt(units));
  const start = await now();
  const auctionId = await f.house.nextAuctionId();
  const houseAddress = (await f.house.getAddress()) as Address;
  const reserveSalt = salt(`unit reserve ${auctionId}`);
  const sealed = o.sealedReserve !== undefined;
  const reserveNonce = sealed ? await f.house.reserveNonceOf(seller.address) : 0n;
  const commitEnd = start + 10 + COMMIT_WINDOW;
  const terms: UnitAuctionTerms = {
    seller: seller.address as Address,
    lotKind,
    lotToken: (lotKind === ERC1155_LOT ? await items.getAddress() : await f.lotToken.getAddress()) as Address,
    lotId,
    lotAmount: lotKind === ERC1155_LOT ? BigInt(units) : (o.lotAmount ?? ethers.parseEther("10") * BigInt(units)),
    units,
    paymentToken: (o.paymentToken ?? ETH) as Address,
    format: o.format ?? UNIFORM,
    commitEnd,
    reserveEnd: sealed ? commitEnd + RESERVE_WINDOW : 0,
    revealEnd: commitEnd + REVEAL_WINDOW,
    bond: o.bond ?? BOND,
    floorReserve: o.floorReserve ?? 0n,
    sealedReserveCommitment: sealed
      ? reserveCommitment({ chainId: f.chainId, auctionHouse: houseAddress, nonce: reserveNonce }, seller.address as Address, o.sealedReserve!, reserveSalt)
      : ZERO_BYTES32,
    reserveNonce,
  };
  const value = sealed && terms.paymentToken === ETH ? terms.bond : 0n;
  const createTx = await f.house.connect(seller).create(terms, { value });
  return new UnitAuction(f, auctionId, terms, seller, o.sealedReserve, reserveSalt, createTx);
}

export class UnitAuction {
  readonly bids = new Map<string, UnitBid>();

  constructor(
    readonly f: UnitFixture,
    readonly id: bigint,
    readonly terms: UnitAuctionTerms,
    readonly seller: Signer & { address: string },
    readonly sealedReserve: bigint | undefined,
    readonly reserveSalt: Hex,
    readonly createTx: Awaited<ReturnType<KUnitAuctionHouse["create"]>>,
  ) {}

  get eth(): boolean {
    return this.terms.paymentToken === ETH;
  }

  get house() {
    return this.f.house;
  }

  commitmentFor(bidder: string, amount: bigint, s: Hex): Hex {
    return bidCommitment({ chainId: this.f.chainId, auctionHouse: this.f.house.target as Address, auctionId: this.id }, bidder as Address, amount, s);
  }

  /** Commits `amount` with `deposit` (default: amount, at least the bond). */
  async commit(bidder: UnitBid["bidder"], amount: bigint, deposit?: bigint, label?: string): Promise<UnitBid> {
    const d = deposit ?? (amount > this.terms.bond ? amount : this.terms.bond);
    const s = salt(label ?? `unit bid ${this.id} ${bidder.address} ${amount}`);
    const commitment = this.commitmentFor(bidder.address, amount, s);
    const receipt = await (await this.house.connect(bidder).commit(this.id, commitment, d, { value: this.eth ? d : 0n })).wait();
    const event = receipt!.logs.map((l) => this.house.interface.parseLog(l)).find((e) => e?.name === "BidCommitted")!;
    const bid: UnitBid = { bidder, amount, salt: s, deposit: d, order: event.args.order, commitment };
    this.bids.set(bidder.address, bid);
    return bid;
  }

  /** The top set as a client rebuilds it from this auction's BidRevealed logs (lib/top-set.ts). */
  async model(): Promise<TopSetModel> {
    const orders = new Map<string, number>();
    for (const e of await this.house.queryFilter(this.house.filters.BidCommitted(this.id))) orders.set(e.args.bidder, Number(e.args.order));
    const reveals: RevealedBid[] = [];
    for (const e of await this.house.queryFilter(this.house.filters.BidRevealed(this.id))) {
      reveals.push({ order: orders.get(e.args.bidder)!, amount: e.args.amount, valid: e.args.valid });
    }
    return TopSetModel.replay(this.terms.units, await this.effectiveReserve(), reveals);
  }

  async effectiveReserve(): Promise<bigint> {
    const st = await this.house.auctionState(this.id);
    return st.openedReserve > this.terms.floorReserve ? st.openedReserve : this.terms.floorReserve;
  }

  /** The hint for opening `bid` now, from the logs. */
  async hint(bid: UnitBid): Promise<number> {
    return (await this.model()).hintFor({ amount: bid.amount, order: Number(bid.order) });
  }

  /** Opens `bid` with a hint from the logs (or the one given). */
  async reveal(bid: UnitBid, opts: { by?: Signer; hint?: number } = {}) {
    const hint = opts.hint ?? (await this.hint(bid));
    return this.house.connect(opts.by ?? bid.bidder).reveal(this.id, bid.bidder.address, bid.amount, bid.salt, bid.deposit, bid.order, hint);
  }

  /** The entries of a batch opening, each hint computed on the set the entries before it leave. */
  async openings(bids: UnitBid[]) {
    const set = (await this.model()).clone();
    return bids.map((b) => {
      const valid = b.amount <= b.deposit;
      const hint = valid ? set.hintFor({ amount: b.amount, order: Number(b.order) }) : 0;
      set.open({ amount: b.amount, order: Number(b.order), valid }, hint);
      return { bidder: b.bidder.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order, hint };
    });
  }

  revealReserve(by: Signer = this.seller) {
    if (this.sealedReserve === undefined) throw new Error("no sealed reserve");
    return this.house.connect(by).revealReserve(this.id, this.terms, this.sealedReserve, this.reserveSalt);
  }

  async toReservePhase() {
    await advanceTo(this.terms.commitEnd);
  }

  async toRevealPhase() {
    await advanceTo(this.terms.reserveEnd || this.terms.commitEnd);
  }

  async toEnd() {
    await advanceTo(this.terms.revealEnd);
  }

  settle(by: Signer = this.f.keeper) {
    return this.house.connect(by).settle(this.id, this.terms);
  }

  claimUnit(bid: UnitBid, recipient: string = bid.bidder.address) {
    return this.house.connect(bid.bidder).claimUnit(this.id, recipient);
  }

  state() {
    return this.house.auctionState(this.id);
  }

  /** The reference outcome of what was committed and opened so far (openings from the logs). */
  async reference(): Promise<UnitOutcome> {
    const openings: { bidder: Address; amount: bigint }[] = [];
    for (const e of await this.house.queryFilter(this.house.filters.BidRevealed(this.id))) openings.push({ bidder: e.args.bidder as Address, amount: e.args.amount });
    const st = await this.state();
    const sealed = this.terms.sealedReserveCommitment !== ZERO_BYTES32;
    return computeUnitOutcome({
      units: this.terms.units,
      format: UNIT_FORMATS[this.terms.format],
      bond: this.terms.bond,
      floorReserve: this.terms.floorReserve,
      sealedReserve: sealed ? { committed: true, opened: st.reserveOpened ? this.sealedReserve! : null } : { committed: false },
      commitments: [...this.bids.values()].map((b) => ({ bidder: b.bidder.address as Address, order: Number(b.order), deposit: b.deposit })),
      openings,
    });
  }

  /** Balance of the payment asset. */
  async balanceOf(account: string): Promise<bigint> {
    return this.eth ? ethers.provider.getBalance(account) : this.f.payToken.balanceOf(account);
  }

  /** Units of this lot held by `account`. */
  async unitsOf(account: string): Promise<bigint> {
    if (this.terms.lotKind === ERC1155_LOT) {
      const items = await ethers.getContractAt("MockERC1155", this.terms.lotToken);
      return items.balanceOf(account, this.terms.lotId);
    }
    return (await this.f.lotToken.balanceOf(account)) / (this.terms.lotAmount / BigInt(this.terms.units));
  }
}

/** Sum of a transaction's fee (for ETH balance checks). */
export async function feeOf(tx: { wait: () => Promise<{ gasUsed: bigint; gasPrice: bigint } | null> }): Promise<bigint> {
  const r = await tx.wait();
  return r!.gasUsed * r!.gasPrice;
}
