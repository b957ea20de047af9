/**
 * The auction's rules in plain TypeScript: commitment hashing, salts, position digests and the reference
 * outcome. Contract tests, Hardhat tasks, the auditor, the app and the mechanism lab all use this one
 * implementation; the contract is tested against it.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import { encodeAbiParameters, getAddress, keccak256, type Address, type Hex } from "viem";

export type Format = "second-price" | "first-price";
/** Order of the contract's `Format` enum. */
export const FORMATS: readonly Format[] = ["second-price", "first-price"];
export type LotKind = "erc721" | "erc20";
/** Order of the contract's `LotKind` enum. */
export const LOT_KINDS: readonly LotKind[] = ["erc721", "erc20"];

/** Largest amount (bid, deposit, reserve) the contract accepts. */
export const MAX_AMOUNT = (1n << 112n) - 1n;
/** Largest bond the contract accepts (it is packed with the windows and counters). */
export const MAX_BOND = (1n << 104n) - 1n;
/** Top bit set on every stored digest of an unopened commitment: opened positions hold amounts < 2^112. */
const DIGEST_FLAG = 1n << 255n;

export interface CommitmentDomain {
  chainId: bigint | number;
  auctionHouse: Address;
  auctionId: bigint;
}

// abi.encode of static words, by hand: an audit hashes one commitment per opening, and viem's generic encoder
// (which re-checksums every address) cost more than the hashing itself. Hashing uses @noble/hashes 2 directly
// (about twice as fast as the version viem bundles).
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE["0123456789abcdef".charCodeAt(i)] = i;
  NIBBLE["0123456789ABCDEF".charCodeAt(i)] = i;
}
const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** keccak256 of the bytes a string of hex digits (no 0x, even length, already checked) spells. */
function keccakOfHexDigits(digits: string): Hex {
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (NIBBLE[digits.charCodeAt(2 * i)] << 4) | NIBBLE[digits.charCodeAt(2 * i + 1)];
  const h = keccak_256(bytes);
  let out = "0x";
  for (let i = 0; i < 32; i++) out += HEX_BYTE[h[i]];
  return out as Hex;
}
const MAX_UINT256 = (1n << 256n) - 1n;
function uintWord(n: bigint, what: string): string {
  if (typeof n !== "bigint" || n < 0n || n > MAX_UINT256) throw new Error(`${what} ${String(n)} is not a uint256`);
  return n.toString(16).padStart(64, "0");
}
function addressWord(a: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new Error(`${what} ${a} is not an address`);
  const body = a.slice(2);
  // Mixed case must be a valid checksum, as viem's encoder requires.
  if (body !== body.toLowerCase() && body !== body.toUpperCase() && checksum(a) !== a) throw new Error(`${what} ${a} has a wrong checksum`);
  return body.toLowerCase().padStart(64, "0");
}
function bytes32Word(h: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(h)) throw new Error(`${what} ${h} is not 32 bytes`);
  return h.slice(2).toLowerCase();
}

/** Rule 2: keccak256(abi.encode(chainId, contract, auctionId, bidder, amount, salt)). */
export function bidCommitment(d: CommitmentDomain, bidder: Address, amount: bigint, salt: Hex): Hex {
  return keccakOfHexDigits(
    `${uintWord(BigInt(d.chainId), "chain id")}${addressWord(d.auctionHouse, "auction house")}${uintWord(d.auctionId, "auction id")}${addressWord(bidder, "bidder")}${uintWord(amount, "amount")}${bytes32Word(salt, "salt")}`,
  );
}

/** What a sealed reserve binds besides the seller: chain, house and the seller's own nonce (never the auction id). */
export interface ReserveDomain {
  chainId: bigint | number;
  auctionHouse: Address;
  /** The seller's `reserveNonceOf` when it creates the auction; only its own sealed-reserve creations move it. */
  nonce: bigint;
}

/**
 * Rule 6: keccak256(abi.encode(chainId, contract, seller, nonce, reserve, salt)). The seller comes before the
 * nonce where a bid has the auction id before the bidder, so a reserve never equals a bid commitment.
 */
export function reserveCommitment(d: ReserveDomain, seller: Address, reserve: bigint, salt: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" }, { type: "address" }, { type: "address" },
        { type: "uint256" }, { type: "uint256" }, { type: "bytes32" },
      ],
      [BigInt(d.chainId), d.auctionHouse, seller, d.nonce, reserve, salt],
    ),
  );
}

/**
 * What the contract stores per bidder while a commitment is unopened: a hash of the commitment, the total
 * deposit and the bidder's commit order, with the top bit set. Callers supply the preimage when revealing.
 */
export function positionDigest(commitment: Hex, deposit: bigint, order: bigint | number): Hex {
  const h = BigInt(keccakOfHexDigits(`${bytes32Word(commitment, "commitment")}${uintWord(deposit, "deposit")}${uintWord(BigInt(order), "order")}`));
  return `0x${(h | DIGEST_FLAG).toString(16).padStart(64, "0")}`;
}

/** A fresh 32-byte salt from the platform's CSPRNG (Web Crypto: Node 19+ and browsers). */
export function randomSalt(): Hex {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** One bidder's standing commitment at the end of the commit window. */
export interface CommitmentRecord {
  bidder: Address;
  /** 1-based order of the bidder's first commitment: ties go to the lower order (rule 5). */
  order: number;
  /** Total deposit. */
  deposit: bigint;
}

/** An opening made inside the reveal window. */
export interface Opening {
  bidder: Address;
  amount: bigint;
}

export interface OutcomeInput {
  format: Format;
  bond: bigint;
  /** Public reserve (0 = none). */
  floorReserve: bigint;
  /** Whether the seller committed a sealed reserve, and its opened value if it was opened in time. */
  sealedReserve: { committed: false } | { committed: true; opened: bigint | null };
  commitments: readonly CommitmentRecord[];
  openings: readonly Opening[];
}

export interface Outcome {
  /** Checksummed; null when unsold (no valid bid at or above the effective reserve). */
  winner: Address | null;
  price: bigint;
  effectiveReserve: bigint;
  /** Highest valid bid and the runner-up amount (0 when absent). */
  bestAmount: bigint | null;
  secondAmount: bigint;
  /** Total of forfeited bonds: unopened or over-deposit commitments, and an unopened sealed reserve. */
  burned: bigint;
  /** Number of commitments whose bond was forfeited. */
  forfeitedCommitments: number;
  /** What each bidder gets back of its deposit (the winner: deposit − price), keyed by checksummed address. */
  refunds: Map<Address, bigint>;
  /** Price plus the seller's sealed-reserve bond when it was opened. */
  sellerProceeds: bigint;
}

/**
 * Checksummed address, memoised: audits of large auctions checksum the same addresses many times, and
 * viem's own cache (8,192 entries) thrashes beyond that many bidders.
 */
const checksums = new Map<string, Address>();
export function checksum(a: string): Address {
  let c = checksums.get(a);
  if (c === undefined) {
    if (checksums.size > 1_000_000) checksums.clear();
    c = eip55(a);
    checksums.set(a, c);
  }
  return c;
}

/** EIP-55, as viem's getAddress computes it (which also throws, with viem's error, for a malformed address). */
function eip55(a: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) return getAddress(a);
  const lower = a.slice(2).toLowerCase();
  const ascii = new Uint8Array(40);
  for (let i = 0; i < 40; i++) ascii[i] = lower.charCodeAt(i);
  const hash = keccak_256(ascii);
  let out = "0x";
  for (let i = 0; i < 40; i++) {
    const nibble = i % 2 === 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 15;
    out += nibble >= 8 ? lower[i].toUpperCase() : lower[i];
  }
  return out as Address;
}
const key = (a: Address) => checksum(a);

/**
 * The reference outcome of a single-item auction (CREDIBILITY.md "Formats"): {@link computeUnitOutcome} with
 * one unit, second price being uniform price and first price pay-as-bid. A bid is valid when opened with
 * amount ≤ deposit (for a hidden-deposit bid, its effective deposit: bond + the collateral its vault sweep
 * counted; lib/history.ts outcomeInputOf). The highest valid bid wins if ≥ max(floor, opened sealed reserve);
 * ties go to the earliest commitment. Second price pays max(second-highest valid bid, effective reserve); first
 * price pays its own bid.
 */
export function computeOutcome(input: OutcomeInput): Outcome {
  const u = computeUnitOutcome({ ...input, units: 1, format: input.format === "first-price" ? "pay-as-bid" : "uniform-price" });
  const winner = u.winners[0] ?? null;
  return {
    winner: winner?.bidder ?? null,
    price: winner?.price ?? 0n,
    effectiveReserve: u.effectiveReserve,
    bestAmount: u.ranked[0]?.amount ?? null,
    secondAmount: u.ranked[1]?.amount ?? 0n,
    burned: u.burned,
    forfeitedCommitments: u.forfeitedCommitments,
    refunds: u.refunds,
    sellerProceeds: u.sellerProceeds,
  };
}

/** Pricing of a k-unit auction; order of the k-unit house's `Format` enum. */
export type UnitFormat = "uniform-price" | "pay-as-bid";
export const UNIT_FORMATS: readonly UnitFormat[] = ["uniform-price", "pay-as-bid"];
/** What a k-unit lot is; order of the k-unit house's `LotKind` enum. */
export type UnitLotKind = "erc1155" | "erc20";
export const UNIT_LOT_KINDS: readonly UnitLotKind[] = ["erc1155", "erc20"];
/** The most units one k-unit auction may sell (the house's `MAX_UNITS`). */
export const MAX_UNITS = 1000;

export interface UnitOutcomeInput extends Omit<OutcomeInput, "format"> {
  /** k: units for sale, each bidder winning at most one. */
  units: number;
  format: UnitFormat;
}

/** A valid bid in rank order: higher amount first, then earlier commitment (rule 5). */
export interface RankedBid {
  bidder: Address;
  order: number;
  amount: bigint;
}

export interface UnitWinner extends RankedBid {
  /** What this winner pays: the uniform price, or its own bid. */
  price: bigint;
}

export interface UnitOutcome {
  /** The k highest valid bids at or above the effective reserve, best first. */
  winners: UnitWinner[];
  unitsSold: number;
  /** Units that go back to the seller. */
  unsoldUnits: number;
  /** Uniform price: max(highest losing valid bid, effective reserve) when a unit sells; 0 for pay-as-bid or unsold. */
  price: bigint;
  effectiveReserve: bigint;
  /** Every valid bid, best first. */
  ranked: RankedBid[];
  /** Total of forfeited bonds: unopened or over-deposit commitments, and an unopened sealed reserve. */
  burned: bigint;
  forfeitedCommitments: number;
  /** What each bidder gets back of its deposit (a winner: deposit − its price), keyed by checksummed address. */
  refunds: Map<Address, bigint>;
  /** Prices paid plus the seller's sealed-reserve bond when it was opened. */
  sellerProceeds: bigint;
}

/** Rank order of two bids: negative when `a` ranks above `b` (higher amount, then lower commit order). */
export function compareRank(a: { amount: bigint; order: number }, b: { amount: bigint; order: number }): number {
  if (a.amount !== b.amount) return a.amount > b.amount ? -1 : 1;
  return a.order - b.order;
}

/**
 * The reference outcome of a k-unit auction with unit demand (CREDIBILITY.md "Formats", k units): a full scan,
 * independent of the order bids were opened in. The k highest valid bids at or above max(floor, opened sealed
 * reserve) win, ties to the earliest commitment. Uniform price: every winner pays max(highest losing valid bid,
 * effective reserve); pay-as-bid: each pays its bid. Unsold units go back to the seller.
 */
export function computeUnitOutcome(input: UnitOutcomeInput): UnitOutcome {
  if (!Number.isInteger(input.units) || input.units < 1) throw new Error(`units ${input.units} is not a positive integer`);
  const commitments = new Map<Address, CommitmentRecord>();
  for (const c of input.commitments) {
    if (commitments.has(key(c.bidder))) throw new Error(`duplicate commitment for ${c.bidder}`);
    if (c.deposit < input.bond) throw new Error(`deposit of ${c.bidder} is below the bond`);
    commitments.set(key(c.bidder), c);
  }
  const opened = new Map<Address, bigint>();
  for (const o of input.openings) {
    if (!commitments.has(key(o.bidder))) throw new Error(`opening without commitment for ${o.bidder}`);
    if (opened.has(key(o.bidder))) throw new Error(`second opening for ${o.bidder}`);
    opened.set(key(o.bidder), o.amount);
  }

  let forfeited = 0;
  const refunds = new Map<Address, bigint>();
  const ranked: RankedBid[] = [];
  for (const c of commitments.values()) {
    const amount = opened.get(key(c.bidder));
    if (amount === undefined || amount > c.deposit) {
      forfeited += 1;
      refunds.set(key(c.bidder), c.deposit - input.bond);
      continue;
    }
    refunds.set(key(c.bidder), c.deposit);
    ranked.push({ bidder: key(c.bidder), order: c.order, amount });
  }
  ranked.sort(compareRank);

  const sealed = input.sealedReserve;
  const openedReserve = sealed.committed && sealed.opened !== null ? sealed.opened : 0n;
  const effectiveReserve = openedReserve > input.floorReserve ? openedReserve : input.floorReserve;
  let sold = 0;
  while (sold < input.units && sold < ranked.length && ranked[sold].amount >= effectiveReserve) sold++;
  const highestLosing = sold < ranked.length ? ranked[sold].amount : 0n;
  const uniform = highestLosing > effectiveReserve ? highestLosing : effectiveReserve;
  const price = sold > 0 && input.format === "uniform-price" ? uniform : 0n;
  const winners: UnitWinner[] = ranked.slice(0, sold).map((b) => ({ ...b, price: input.format === "uniform-price" ? uniform : b.amount }));
  let paid = 0n;
  for (const w of winners) {
    refunds.set(w.bidder, refunds.get(w.bidder)! - w.price);
    paid += w.price;
  }
  const reserveForfeited = sealed.committed && sealed.opened === null;
  const burned = input.bond * BigInt(forfeited) + (reserveForfeited ? input.bond : 0n);
  const reserveBondBack = sealed.committed && sealed.opened !== null ? input.bond : 0n;
  return {
    winners,
    unitsSold: sold,
    unsoldUnits: input.units - sold,
    price,
    effectiveReserve,
    ranked,
    burned,
    forfeitedCommitments: forfeited,
    refunds,
    sellerProceeds: paid + reserveBondBack,
  };
}

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000" as const;
export const ZERO_BYTES32 = `0x${"00".repeat(32)}` as const;
/** `bestOrder` while no valid bid has been opened. */
export const NO_BID = 0xffffffff;

/** The contract's `AuctionTerms`, as viem encodes and decodes it. */
export interface AuctionTerms {
  seller: Address;
  lotKind: number; // index into LOT_KINDS
  lotToken: Address;
  lotAmountOrId: bigint;
  paymentToken: Address; // ZERO_ADDRESS = ETH
  format: number; // index into FORMATS
  commitEnd: number;
  /** Sealed reserve: it is opened in [commitEnd, reserveEnd), before any bid; 0 without one. */
  reserveEnd: number;
  revealEnd: number;
  bond: bigint;
  floorReserve: bigint;
  sealedReserveCommitment: Hex; // ZERO_BYTES32 = none
  /** Sealed reserve: the seller's reserve nonce it binds; 0 without one. */
  reserveNonce: bigint;
}

const TERMS_ABI = [
  {
    type: "tuple",
    components: [
      { name: "seller", type: "address" }, { name: "lotKind", type: "uint8" }, { name: "lotToken", type: "address" },
      { name: "lotAmountOrId", type: "uint256" }, { name: "paymentToken", type: "address" }, { name: "format", type: "uint8" },
      { name: "commitEnd", type: "uint40" }, { name: "reserveEnd", type: "uint40" }, { name: "revealEnd", type: "uint40" },
      { name: "bond", type: "uint104" }, { name: "floorReserve", type: "uint112" },
      { name: "sealedReserveCommitment", type: "bytes32" }, { name: "reserveNonce", type: "uint64" },
    ],
  },
] as const;

/** keccak256(abi.encode(terms)): what the contract stores for an auction's terms. */
export function hashTerms(terms: AuctionTerms): Hex {
  return keccak256(encodeAbiParameters(TERMS_ABI, [terms]));
}

export type ReserveKind = "none" | "public" | "sealed";
export function reserveKindOf(terms: Pick<AuctionTerms, "floorReserve" | "sealedReserveCommitment">): ReserveKind {
  if (terms.sealedReserveCommitment !== ZERO_BYTES32) return "sealed";
  return terms.floorReserve > 0n ? "public" : "none";
}

/** The k-unit house's `AuctionTerms`, as viem encodes and decodes it. */
export interface UnitAuctionTerms {
  seller: Address;
  lotKind: number; // index into UNIT_LOT_KINDS
  lotToken: Address;
  /** ERC-1155 id; 0 for an ERC-20 lot. */
  lotId: bigint;
  /** ERC-1155: the copies escrowed, equal to `units`; ERC-20: the amount, a multiple of `units`. */
  lotAmount: bigint;
  /** k, 1..MAX_UNITS. */
  units: number;
  paymentToken: Address; // ZERO_ADDRESS = ETH
  format: number; // index into UNIT_FORMATS
  commitEnd: number;
  reserveEnd: number;
  revealEnd: number;
  bond: bigint;
  /** Public reserve per unit (0 = none). */
  floorReserve: bigint;
  sealedReserveCommitment: Hex;
  reserveNonce: bigint;
}

const UNIT_TERMS_ABI = [
  {
    type: "tuple",
    components: [
      { name: "seller", type: "address" }, { name: "lotKind", type: "uint8" }, { name: "lotToken", type: "address" },
      { name: "lotId", type: "uint256" }, { name: "lotAmount", type: "uint256" }, { name: "units", type: "uint16" },
      { name: "paymentToken", type: "address" }, { name: "format", type: "uint8" },
      { name: "commitEnd", type: "uint40" }, { name: "reserveEnd", type: "uint40" }, { name: "revealEnd", type: "uint40" },
      { name: "bond", type: "uint104" }, { name: "floorReserve", type: "uint112" },
      { name: "sealedReserveCommitment", type: "bytes32" }, { name: "reserveNonce", type: "uint64" },
    ],
  },
] as const;

/** keccak256(abi.encode(terms)): what the k-unit house stores for an auction's terms. */
export function hashUnitTerms(terms: UnitAuctionTerms): Hex {
  return keccak256(encodeAbiParameters(UNIT_TERMS_ABI, [terms]));
}

/** The size of one unit: ERC-1155 one copy, ERC-20 the amount split k ways (it must divide exactly). */
export function unitSize(terms: Pick<UnitAuctionTerms, "lotKind" | "lotAmount" | "units">): bigint {
  if (UNIT_LOT_KINDS[terms.lotKind] === "erc1155") return 1n;
  if (terms.lotAmount % BigInt(terms.units) !== 0n) throw new Error(`lot amount ${terms.lotAmount} does not split into ${terms.units} equal units`);
  return terms.lotAmount / BigInt(terms.units);
}
