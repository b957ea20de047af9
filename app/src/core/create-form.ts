/**
 * The Create form's rules: from user inputs to the contract's AuctionTerms, with every problem as a plain
 * sentence before anything is sent. Windows are relative to chain time (the latest block), not the browser.
 */
import { isAddress, getAddress, type Address, type Hex } from "viem";
import { MAX_AMOUNT, MAX_BOND, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../../../lib/auction.js";

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

export function createProblems(i: CreateInput, lot?: LotStatus): string[] {
  const p: string[] = [];
  if (!isAddress(i.lotToken, { strict: false }) || i.lotToken.toLowerCase() === ZERO_ADDRESS) p.push("Enter the lot's token contract address.");
  if (i.lotAmountOrId === null) p.push(i.lotKind === "erc721" ? "Enter the token id of the lot." : "Enter the amount of tokens to sell.");
  else if (i.lotKind === "erc20" && i.lotAmountOrId <= 0n) p.push("The amount of tokens to sell must be greater than zero.");
  if (i.paymentToken !== "" && !isAddress(i.paymentToken, { strict: false })) p.push("The payment token is not an address.");
  if (!(i.commitSeconds >= 60)) p.push("The commit window must last at least a minute.");
  if (!(i.revealSeconds >= 60)) p.push("The reveal window must last at least a minute.");
  if (i.chainNow + i.commitSeconds + i.revealSeconds >= 2 ** 40) p.push("The windows end too far in the future.");
  if (i.bond === null || i.bond <= 0n) p.push("The bond must be greater than zero: not revealing has to cost something.");
  else if (i.bond > MAX_BOND) p.push("The bond is larger than the contract accepts.");
  if (i.reserve === "public" && (i.floor === null || i.floor <= 0n)) p.push("Enter the public reserve (a floor greater than zero), or choose no reserve.");
  if (i.reserve !== "none" && i.floor !== null && i.floor > MAX_AMOUNT) p.push("The reserve is larger than the contract accepts.");
  if (i.reserve === "sealed") {
    if (i.sealedReserve === null || i.sealedReserve <= 0n) p.push("Enter the sealed reserve (greater than zero).");
    else if (i.sealedReserve > MAX_AMOUNT) p.push("The sealed reserve is larger than the contract accepts.");
    else if (i.floor !== null && i.floor > 0n && i.sealedReserve <= i.floor) p.push("A sealed reserve at or below the public floor changes nothing: raise it or drop it.");
  }
  if (lot && i.lotAmountOrId !== null && p.length === 0) {
    if (!lot.owned) p.push(i.lotKind === "erc721" ? "You do not own this token." : "Your balance of the lot token is too small.");
    else if (!lot.approved) p.push("Approve the auction contract to take the lot first: it is escrowed at creation.");
  }
  return p;
}

/** The terms for a valid input (call only when createProblems is empty). */
export function buildTerms(i: CreateInput, sealedReserveCommitment: Hex = ZERO_BYTES32): AuctionTerms {
  const commitEnd = i.chainNow + Math.floor(i.commitSeconds);
  return {
    seller: getAddress(i.seller),
    lotKind: i.lotKind === "erc721" ? 0 : 1,
    lotToken: getAddress(i.lotToken),
    lotAmountOrId: i.lotAmountOrId!,
    paymentToken: i.paymentToken === "" ? ZERO_ADDRESS : getAddress(i.paymentToken),
    format: i.format === "first-price" ? 1 : 0,
    commitEnd,
    revealEnd: commitEnd + Math.floor(i.revealSeconds),
    bond: i.bond!,
    floorReserve: i.reserve === "none" ? 0n : i.floor ?? 0n,
    sealedReserveCommitment: i.reserve === "sealed" ? sealedReserveCommitment : ZERO_BYTES32,
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
