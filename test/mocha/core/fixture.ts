/**
 * Shared set-up for the AuctionHouse tests: contracts, funded actors, and a small driver that creates an
 * auction and commits, reveals and settles through the real contract, computing commitments with the
 * shared TypeScript rules (lib/auction.ts) so every test also checks that the two agree.
 */
import { network } from "hardhat";
import type { Signer } from "ethers";
import type { Hex, Address } from "viem";
import { bidCommitment, NO_BID, reserveCommitment, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import type { AuctionHouse, MockERC20, MockERC721 } from "../../../typechain-types/index.js";

export const { ethers, networkHelpers } = await network.create();

export const BOND = ethers.parseEther("0.1");
export const COMMIT_WINDOW = 3600;
export const REVEAL_WINDOW = 3600;
/** Sealed reserve: how long after commitEnd the seller has to open it, before bids may open. */
export const RESERVE_WINDOW = 600;
export const ETH = ZERO_ADDRESS;
export const SECOND_PRICE = 0;
export const FIRST_PRICE = 1;
export const ERC721_LOT = 0;
export const ERC20_LOT = 1;
export const PHASE = { None: 0n, Committing: 1n, OpeningReserve: 2n, Revealing: 3n, AwaitingSettlement: 4n, Settled: 5n, Cancelled: 6n };
export const POSITION = { None: 0n, Sealed: 1n, Held: 2n };
export const TOKEN_SUPPLY = ethers.parseEther("1000000");

export async function deployFixture() {
  const [seller, alice, bob, carol, dave, erin, keeper] = await ethers.getSigners();
  const house = await ethers.deployContract("AuctionHouse");
  const nft = await ethers.deployContract("MockERC721", ["Lot", "LOT"]);
  const payToken = await ethers.deployContract("MockERC20", ["Pay", "PAY"]);
  const lotToken = await ethers.deployContract("MockERC20", ["Lot Token", "LTK"]);
  for (const s of [seller, alice, bob, carol, dave, erin, keeper]) {
    await payToken.mint(s.address, TOKEN_SUPPLY);
    await payToken.connect(s).approve(await house.getAddress(), ethers.MaxUint256);
  }
  await lotToken.mint(seller.address, TOKEN_SUPPLY);
  await lotToken.connect(seller).approve(await house.getAddress(), ethers.MaxUint256);
  await nft.connect(seller).setApprovalForAll(await house.getAddress(), true);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { house, nft, payToken, lotToken, seller, alice, bob, carol, dave, erin, keeper, chainId };
}

export type Fixture = Awaited<ReturnType<typeof deployFixture>>;

/** Terms for a create a test sends itself (not through the driver): an ERC-721 lot, ETH, no reserve. */
export async function rawTerms(f: Fixture, over: Partial<AuctionTerms> = {}): Promise<AuctionTerms> {
  const t = await now();
  return {
    seller: f.seller.address as Address, lotKind: ERC721_LOT, lotToken: (await f.nft.getAddress()) as Address, lotAmountOrId: 1n,
    paymentToken: ETH as Address, format: 0, commitEnd: t + 100, reserveEnd: 0, revealEnd: t + 200, bond: BOND,
    floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n, ...over,
  };
}

export function salt(label: string): Hex {
  return ethers.id(label) as Hex;
}

export async function now(): Promise<number> {
  return networkHelpers.time.latest();
}

/** Moves chain time forward to `t` (no-op if already there: tests share one chain). */
export async function advanceTo(t: number): Promise<void> {
  if ((await now()) < t) await networkHelpers.time.increaseTo(t);
}

export interface TermsOptions {
  lotKind?: number;
  lotAmountOrId?: bigint;
  paymentToken?: string;
  format?: number;
  bond?: bigint;
  floorReserve?: bigint;
  sealedReserve?: bigint; // commit a sealed reserve of this amount
  commitWindow?: number;
  revealWindow?: number;
  reserveWindow?: number;
}

export interface Bid {
  bidder: Signer & { address: string };
  amount: bigint;
  salt: Hex;
  deposit: bigint;
  order: bigint;
  commitment: Hex;
  /** Gas fee paid for the commit transaction (wei). */
  fee: bigint;
}

let nextTokenId = 1n;

/** Creates an auction through the real contract and returns a driver for it. */
export async function createAuction(f: Fixture, o: TermsOptions = {}): Promise<AuctionDriver> {
  const lotKind = o.lotKind ?? ERC721_LOT;
  let lotAmountOrId = o.lotAmountOrId;
  if (lotKind === ERC721_LOT && lotAmountOrId === undefined) {
    lotAmountOrId = nextTokenId++;
    await f.nft.mint(f.seller.address, lotAmountOrId);
  }
  const start = await now();
  const auctionId = await f.house.nextAuctionId();
  const houseAddress = (await f.house.getAddress()) as Address;
  const reserveSalt = salt(`reserve ${auctionId}`);
  const sealed = o.sealedReserve !== undefined;
  const reserveNonce = sealed ? await f.house.reserveNonceOf(f.seller.address) : 0n;
  const sealedReserveCommitment = sealed
    ? reserveCommitment({ chainId: f.chainId, auctionHouse: houseAddress, nonce: reserveNonce }, f.seller.address as Address, o.sealedReserve!, reserveSalt)
    : ZERO_BYTES32;
  const commitEnd = start + 10 + (o.commitWindow ?? COMMIT_WINDOW);
  const terms: AuctionTerms = {
    seller: f.seller.address as Address,
    lotKind,
    lotToken: (lotKind === ERC721_LOT ? await f.nft.getAddress() : await f.lotToken.getAddress()) as Address,
    lotAmountOrId: lotAmountOrId ?? ethers.parseEther("500"),
    paymentToken: (o.paymentToken ?? ETH) as Address,
    format: o.format ?? SECOND_PRICE,
    commitEnd,
    reserveEnd: sealed ? commitEnd + (o.reserveWindow ?? RESERVE_WINDOW) : 0,
    revealEnd: commitEnd + (o.revealWindow ?? REVEAL_WINDOW),
    bond: o.bond ?? BOND,
    floorReserve: o.floorReserve ?? 0n,
    sealedReserveCommitment,
    reserveNonce,
  };
  const eth = terms.paymentToken === ETH;
  const value = o.sealedReserve !== undefined && eth ? terms.bond : 0n;
  const tx = await f.house.connect(f.seller).create(terms, { value });
  return new AuctionDriver(f, auctionId, terms, tx, o.sealedReserve, reserveSalt);
}

export class AuctionDriver {
  readonly bids = new Map<string, Bid>();

  constructor(
    readonly f: Fixture,
    readonly id: bigint,
    readonly terms: AuctionTerms,
    readonly createTx: Awaited<ReturnType<AuctionHouse["create"]>>,
    readonly sealedReserve: bigint | undefined,
    readonly reserveSalt: Hex,
  ) {}

  get eth(): boolean {
    return this.terms.paymentToken === ETH;
  }

  commitmentFor(bidder: string, amount: bigint, s: Hex): Hex {
    return bidCommitment({ chainId: this.f.chainId, auctionHouse: this.f.house.target as Address, auctionId: this.id }, bidder as Address, amount, s);
  }

  /** Commits `amount` with `deposit` (default: amount, at least the bond). */
  async commit(bidder: Bid["bidder"], amount: bigint, deposit?: bigint, label?: string): Promise<Bid> {
    const d = deposit ?? (amount > this.terms.bond ? amount : this.terms.bond);
    const s = salt(label ?? `bid ${this.id} ${bidder.address} ${amount}`);
    const commitment = this.commitmentFor(bidder.address, amount, s);
    const tx = await this.f.house.connect(bidder).commit(this.id, commitment, d, { value: this.eth ? d : 0n });
    const receipt = await tx.wait();
    const event = receipt!.logs
      .map((l) => this.f.house.interface.parseLog(l))
      .find((e) => e?.name === "BidCommitted")!;
    const fee = receipt!.gasUsed * receipt!.gasPrice;
    const bid: Bid = { bidder, amount, salt: s, deposit: d, order: event.args.order, commitment, fee };
    this.bids.set(bidder.address, bid);
    return bid;
  }

  reveal(bid: Bid, by: Signer = bid.bidder) {
    return this.f.house.connect(by).reveal(this.id, bid.bidder.address, bid.amount, bid.salt, bid.deposit, bid.order);
  }

  revealReserve(by: Signer = this.f.seller) {
    if (this.sealedReserve === undefined) throw new Error("no sealed reserve");
    return this.f.house.connect(by).revealReserve(this.id, this.terms, this.sealedReserve, this.reserveSalt);
  }

  /** Commit window over: with a sealed reserve, the seller's window to open it (no bid may open yet). */
  async toReservePhase() {
    await advanceTo(this.terms.commitEnd);
  }

  /** Bids may open without waiting for anyone: commitEnd, or with a sealed reserve the end of its window. */
  async toRevealPhase() {
    await advanceTo(this.terms.reserveEnd || this.terms.commitEnd);
  }

  async toEnd() {
    await advanceTo(this.terms.revealEnd);
  }

  /** The bidder whose commit order is the contract's bestOrder: what a settler supplies. */
  async leader(): Promise<string> {
    const { bestOrder } = await this.f.house.auctionState(this.id);
    if (Number(bestOrder) === NO_BID) return ZERO_ADDRESS;
    return [...this.bids.values()].find((b) => b.order === bestOrder)!.bidder.address;
  }

  async settle(by: Signer = this.f.keeper) {
    return this.f.house.connect(by).settle(this.id, this.terms, await this.leader());
  }

  async state() {
    return this.f.house.auctionState(this.id);
  }

  /** Balance of the payment asset. */
  async balanceOf(account: string): Promise<bigint> {
    return this.eth ? ethers.provider.getBalance(account) : this.f.payToken.balanceOf(account);
  }
}
