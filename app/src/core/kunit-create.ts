/**
 * The k-unit Create form's rules: from inputs to the k-unit house's terms (lib/auction.ts UnitAuctionTerms),
 * every problem a plain sentence before anything is sent. The shared checks (windows, bond, reserve) are the
 * single-item form's (createProblems in ./create-form.ts); this adds what k units need: k, the lot kind, an
 * ERC-1155 id with k copies or an ERC-20 amount that splits into k equal units.
 */
import { getAddress, isAddress, type Address, type Hex } from "viem";
import { MAX_UNITS, ZERO_ADDRESS, ZERO_BYTES32, type UnitAuctionTerms } from "../../../lib/auction.js";
import { createProblems, type ReserveChoice } from "./create-form.js";

export interface UnitCreateInput {
  seller: Address;
  lotKind: "erc1155" | "erc20";
  lotToken: string;
  /** ERC-1155 id; null when unparsable (ignored for ERC-20). */
  lotId: bigint | null;
  /** ERC-20: the whole amount in base units, split into `units`; null when unparsable (ignored for ERC-1155). */
  lotAmount: bigint | null;
  /** k as typed. */
  unitsText: string;
  paymentToken: string; // "" = ETH
  format: "uniform-price" | "pay-as-bid";
  commitSeconds: number;
  revealSeconds: number;
  reserveSeconds: number;
  bond: bigint | null;
  reserve: ReserveChoice;
  floor: bigint | null;
  sealedReserve: bigint | null;
  chainNow: number;
}

export interface UnitLotStatus {
  kindOk: boolean;
  balance: bigint;
  approved: boolean;
}

/** k from its text, or null when it is not a whole number of units the house accepts. */
export function parseUnits(text: string): number | null {
  if (!/^\d{1,4}$/.test(text.trim())) return null;
  const k = Number(text.trim());
  return k >= 1 && k <= MAX_UNITS ? k : null;
}

/** What the seller escrows: k copies of the id, or the ERC-20 amount. */
export function unitLotAmount(i: Pick<UnitCreateInput, "lotKind" | "lotAmount">, units: number): bigint | null {
  return i.lotKind === "erc1155" ? BigInt(units) : i.lotAmount;
}

export function unitCreateProblems(i: UnitCreateInput, lot?: UnitLotStatus): string[] {
  const p: string[] = [];
  const units = parseUnits(i.unitsText);
  if (units === null) p.push(`Enter the number of units, a whole number from 1 to ${MAX_UNITS}.`);
  const amountOrId = i.lotKind === "erc1155" ? i.lotId : i.lotAmount;
  // The shared rules: token address, windows, bond, reserve (an ERC-1155 id is checked like an ERC-721 id).
  p.push(...createProblems({
    seller: i.seller, lotKind: i.lotKind === "erc1155" ? "erc721" : "erc20", lotToken: i.lotToken, lotAmountOrId: amountOrId,
    paymentToken: i.paymentToken, format: "second-price", commitSeconds: i.commitSeconds, revealSeconds: i.revealSeconds,
    reserveSeconds: i.reserveSeconds, bond: i.bond, reserve: i.reserve, floor: i.floor, sealedReserve: i.sealedReserve, chainNow: i.chainNow,
  }));
  if (i.lotKind === "erc20" && units !== null && i.lotAmount !== null && i.lotAmount > 0n && i.lotAmount % BigInt(units) !== 0n) {
    p.push(`${i.lotAmount} base units do not split into ${units} equal units (remainder ${i.lotAmount % BigInt(units)}): choose a multiple of ${units}.`);
  }
  if (lot && units !== null && p.length === 0) {
    const need = unitLotAmount(i, units)!;
    if (!lot.kindOk) p.push(i.lotKind === "erc1155" ? "This contract does not report ERC-1155 (ERC-165): it cannot be an ERC-1155 lot." : "This contract does not answer as an ERC-20 token.");
    else if (lot.balance < need) p.push(i.lotKind === "erc1155" ? `You hold ${lot.balance} copies of this id, fewer than the ${units} units to sell.` : "Your balance of the lot token is too small.");
    else if (!lot.approved) p.push("Approve the k-unit house to take the lot first: it is escrowed at creation.");
  }
  return p;
}

/** The terms for a valid input (call only when unitCreateProblems is empty). */
export function buildUnitTerms(i: UnitCreateInput, sealed?: { commitment: Hex; nonce: bigint }): UnitAuctionTerms {
  const units = parseUnits(i.unitsText)!;
  const commitEnd = i.chainNow + Math.floor(i.commitSeconds);
  const withReserve = i.reserve === "sealed";
  return {
    seller: getAddress(i.seller),
    lotKind: i.lotKind === "erc1155" ? 0 : 1,
    lotToken: getAddress(i.lotToken),
    lotId: i.lotKind === "erc1155" ? i.lotId! : 0n,
    lotAmount: unitLotAmount(i, units)!,
    units,
    paymentToken: i.paymentToken === "" || !isAddress(i.paymentToken) ? ZERO_ADDRESS : getAddress(i.paymentToken),
    format: i.format === "pay-as-bid" ? 1 : 0,
    commitEnd,
    reserveEnd: withReserve ? commitEnd + Math.floor(i.reserveSeconds) : 0,
    revealEnd: commitEnd + Math.floor(i.revealSeconds),
    bond: i.bond!,
    floorReserve: i.reserve === "none" ? 0n : i.floor ?? 0n,
    sealedReserveCommitment: withReserve ? sealed?.commitment ?? ZERO_BYTES32 : ZERO_BYTES32,
    reserveNonce: withReserve ? sealed?.nonce ?? 0n : 0n,
  };
}
