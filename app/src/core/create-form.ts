/**
 * The Create form's rules: from user inputs to the contract's AuctionTerms, with every problem as a plain
 * sentence before anything is sent. Windows are relative to chain time (the latest block), not the browser.
 */
import { isAddress, getAddress, type Address, type Hex } from "viem";
import { MAX_AMOUNT, MAX_BOND, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";
import { tokenProblems, type TokenInfo } from "./token-kind.js";

export type ReserveChoice = "none" | "public" | "sealed";

export interface CreateInput {
  seller: Address;
  lotKind: "erc721" | "erc20";
  lotToken: string;
  /** Token id (ERC-721) or amount in base units (ERC-20); null when unparsable. */
  lotAmountOrId: bigint | null;
  paymentToken: string; // "" or ZERO_ADDRESS = ETH
  format: "second-price" | "first-price";
  commitSeconds: number;
  revealSeconds: number;
  /** Sealed reserve: how long the seller has, from commitEnd, to open it before any bid (rule 6). */
  reserveSeconds: number;
  bond: bigint | null;
  reserve: ReserveChoice;
  floor: bigint | null;
  sealedReserve: bigint | null;
  chainNow: number;
}

export interface LotStatus {
  owned: boolean;
  approved: boolean;
}

/** The default reserve window: short, so bidders wait little, and well inside any reveal window of an hour or more. */
export const DEFAULT_RESERVE_SECONDS = 600;

/** What the lot and payment tokens are (core/token-kind.ts), when read; each is checked as the contract would. */
export interface CreateTokens {
  lot?: TokenInfo;
  payment?: TokenInfo;
}

export function createProblems(i: CreateInput, lot?: LotStatus, tokens: CreateTokens = {}, house?: Address): string[] {
  const p: string[] = [];
  if (!isAddress(i.lotToken, { strict: false }) || i.lotToken.toLowerCase() === ZERO_ADDRESS) p.push("Enter the lot's token contract address.");
  if (i.lotAmountOrId === null) p.push(i.lotKind === "erc721" ? "Enter the token id of the lot." : "Enter the amount of tokens to sell.");
  else if (i.lotKind === "erc20" && i.lotAmountOrId <= 0n) p.push("The amount of tokens to sell must be greater than zero.");
  if (i.paymentToken !== "" && !isAddress(i.paymentToken, { strict: false })) p.push("The payment token is not an address.");
  if (!(i.commitSeconds >= 60)) p.push("The commit window must last at least a minute.");
  if (!(i.revealSeconds >= 60)) p.push("The reveal window must last at least a minute.");
  if (i.chainNow + i.commitSeconds + i.revealSeconds >= 2 ** 40) p.push("The windows end too far in the future.");
  if (i.reserve === "sealed") {
    if (!(i.reserveSeconds >= 60)) p.push("The reserve window must last at least a minute: you open your sealed reserve in it.");
    else if (i.revealSeconds >= 60 && i.reserveSeconds >= i.revealSeconds) {
      p.push("The reserve window must be shorter than the reveal window: bids are opened after it, in what is left of the reveal window.");
    }
  }
  if (i.bond === null || i.bond <= 0n) p.push("The bond must be greater than zero: not revealing has to cost something.");
  else if (i.bond > MAX_BOND) p.push("The bond is larger than the contract accepts.");
  if (i.reserve === "public" && (i.floor === null || i.floor <= 0n)) p.push("Enter the public reserve (a floor greater than zero), or choose no reserve.");
  if (i.reserve !== "none" && i.floor !== null && i.floor > MAX_AMOUNT) p.push("The reserve is larger than the contract accepts.");
  if (i.reserve === "sealed") {
    if (i.sealedReserve === null || i.sealedReserve <= 0n) p.push("Enter the sealed reserve (greater than zero).");
    else if (i.sealedReserve > MAX_AMOUNT) p.push("The sealed reserve is larger than the contract accepts.");
    else if (i.floor !== null && i.floor > 0n && i.sealedReserve <= i.floor) p.push("A sealed reserve at or below the public floor changes nothing: raise it or drop it.");
  }
  const seller = isAddress(i.seller, { strict: false }) ? i.seller : undefined;
  if (tokens.lot) {
    const role = i.lotKind === "erc721" ? "lot-erc721" : "lot-erc20";
    p.push(...tokenProblems(role, tokens.lot, { seller, tokenId: i.lotAmountOrId ?? undefined, house }));
  }
  if (tokens.payment) p.push(...tokenProblems("payment", tokens.payment));
  if (lot && i.lotAmountOrId !== null && p.length === 0) {
    if (!lot.owned) p.push(i.lotKind === "erc721" ? "You do not own this token." : "Your balance of the lot token is too small.");
    else if (!lot.approved) p.push("Approve the auction contract to take the lot first: it is escrowed at creation.");
  }
  return p;
}

/**
 * The terms for a valid input (call only when createProblems is empty). A sealed reserve needs its commitment
 * and the seller's `reserveNonceOf`, the nonce the commitment binds (lib/auction.ts reserveCommitment).
 */
export function buildTerms(i: CreateInput, sealed?: { commitment: Hex; nonce: bigint }): AuctionTerms {
  const commitEnd = i.chainNow + Math.floor(i.commitSeconds);
  const withReserve = i.reserve === "sealed";
  return {
    seller: getAddress(i.seller),
    lotKind: i.lotKind === "erc721" ? 0 : 1,
    lotToken: getAddress(i.lotToken),
    lotAmountOrId: i.lotAmountOrId!,
    paymentToken: i.paymentToken === "" ? ZERO_ADDRESS : getAddress(i.paymentToken),
    format: i.format === "first-price" ? 1 : 0,
    commitEnd,
    reserveEnd: withReserve ? commitEnd + Math.floor(i.reserveSeconds) : 0,
    revealEnd: commitEnd + Math.floor(i.revealSeconds),
    bond: i.bond!,
    floorReserve: i.reserve === "none" ? 0n : i.floor ?? 0n,
    sealedReserveCommitment: withReserve ? sealed?.commitment ?? ZERO_BYTES32 : ZERO_BYTES32,
    reserveNonce: withReserve ? sealed?.nonce ?? 0n : 0n,
  };
}

/** Token allowances the seller must grant before `create`: the lot (ERC-20) and a sealed reserve's bond in an ERC-20. */
export function allowancesNeeded(t: Pick<AuctionTerms, "lotKind" | "lotToken" | "lotAmountOrId" | "paymentToken" | "bond" | "sealedReserveCommitment">): Map<string, bigint> {
  const need = new Map<string, bigint>();
  const add = (token: string, amount: bigint) => need.set(token.toLowerCase(), (need.get(token.toLowerCase()) ?? 0n) + amount);
  if (t.lotKind === 1) add(t.lotToken, t.lotAmountOrId);
  if (t.sealedReserveCommitment !== ZERO_BYTES32 && t.paymentToken !== ZERO_ADDRESS) add(t.paymentToken, t.bond);
  return need;
}

/** ETH to send with `create`: the sealed reserve's bond when paid in ETH. */
export function createValue(t: Pick<AuctionTerms, "paymentToken" | "bond" | "sealedReserveCommitment">): bigint {
  return t.sealedReserveCommitment !== ZERO_BYTES32 && t.paymentToken === ZERO_ADDRESS ? t.bond : 0n;
}

export const DURATION_UNITS = { minutes: 60, hours: 3600, days: 86400 } as const;
export type DurationUnit = keyof typeof DURATION_UNITS;
