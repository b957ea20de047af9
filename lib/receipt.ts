/**
 * Bid receipts: the JSON a bidder (or a seller, for a sealed reserve) keeps to open its commitment later.
 * Written by the app before the commit transaction is requested and by `auction:commit`; read back by both.
 * A receipt is only trusted after its commitment is recomputed and matched against chain state.
 */
import { getAddress, isAddress, isHex, type Address, type Hex } from "viem";
import { bidCommitment, MAX_AMOUNT, reserveCommitment } from "./auction.js";

export const RECEIPT_KIND = "credible-auction-receipt";

export interface BidReceipt {
  kind: typeof RECEIPT_KIND;
  version: 1;
  /** "bid" for a bidder's commitment, "reserve" for a seller's sealed reserve. */
  role: "bid" | "reserve";
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  /** The committing account: the bidder, or the seller for a reserve. */
  account: Address;
  amount: bigint;
  salt: Hex;
  commitment: Hex;
  /** Total deposit at commit time, when known (bids only). */
  deposit?: bigint;
  /** A hidden-deposit bid (rule 16): `deposit` is the bond, the rest of the collateral goes to the bid's vault
   * (lib/vault.ts, from this receipt's salt). */
  hidden?: boolean;
  /** Reserves only: the seller's reserve nonce the commitment binds (rule 6); `auctionId` is then informative. */
  nonce?: bigint;
  createdAt: string;
}

export function makeReceipt(
  fields: Omit<BidReceipt, "kind" | "version" | "commitment" | "createdAt"> & { createdAt?: string },
): BidReceipt {
  const { chainId, auctionHouse, auctionId } = fields;
  let commitment: Hex;
  if (fields.role === "reserve") {
    if (fields.nonce === undefined) throw new ReceiptError("a reserve receipt needs the seller's reserve nonce");
    commitment = reserveCommitment({ chainId, auctionHouse, nonce: fields.nonce }, fields.account, fields.amount, fields.salt);
  } else {
    commitment = bidCommitment({ chainId, auctionHouse, auctionId }, fields.account, fields.amount, fields.salt);
  }
  return {
    kind: RECEIPT_KIND,
    version: 1,
    ...fields,
    auctionHouse: getAddress(fields.auctionHouse),
    account: getAddress(fields.account),
    commitment,
    createdAt: fields.createdAt ?? new Date().toISOString(),
  };
}

/** JSON text of a receipt (bigints as decimal strings). */
export function serializeReceipt(r: BidReceipt): string {
  return JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n";
}

export class ReceiptError extends Error {
  override name = "ReceiptError";
}

function uint(value: unknown, field: string, max: bigint): bigint {
  if (typeof value !== "string" && typeof value !== "number") throw new ReceiptError(`receipt field "${field}" is missing`);
  if (!/^\d+$/.test(String(value))) throw new ReceiptError(`receipt field "${field}" is not a whole number: ${String(value)}`);
  const n = BigInt(value);
  if (n > max) throw new ReceiptError(`receipt field "${field}" is too large`);
  return n;
}

/** Parses receipt JSON and checks its shape and that its commitment matches its own fields. */
export function parseReceipt(text: string): BidReceipt {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ReceiptError("the receipt is not valid JSON");
  }
  if (typeof raw !== "object" || raw === null || raw.kind !== RECEIPT_KIND) {
    throw new ReceiptError("this file is not an auction bid receipt");
  }
  if (raw.version !== 1) throw new ReceiptError(`unsupported receipt version ${String(raw.version)}`);
  if (raw.role !== "bid" && raw.role !== "reserve") throw new ReceiptError(`receipt role must be "bid" or "reserve"`);
  for (const f of ["auctionHouse", "account"] as const) {
    if (typeof raw[f] !== "string" || !isAddress(raw[f] as string, { strict: false })) {
      throw new ReceiptError(`receipt field "${f}" is not an address`);
    }
  }
  if (typeof raw.salt !== "string" || !isHex(raw.salt) || raw.salt.length !== 66) {
    throw new ReceiptError(`receipt field "salt" is not 32 bytes of hex`);
  }
  const receipt = makeReceipt({
    role: raw.role,
    chainId: Number(uint(raw.chainId, "chainId", 2n ** 53n)),
    auctionHouse: raw.auctionHouse as Address,
    auctionId: uint(raw.auctionId, "auctionId", 2n ** 256n - 1n),
    account: raw.account as Address,
    amount: uint(raw.amount, "amount", MAX_AMOUNT),
    salt: raw.salt as Hex,
    deposit: raw.deposit === undefined ? undefined : uint(raw.deposit, "deposit", MAX_AMOUNT),
    ...(raw.hidden === true ? { hidden: true } : {}),
    nonce: raw.nonce === undefined ? undefined : uint(raw.nonce, "nonce", 2n ** 64n - 1n),
    createdAt: typeof raw.createdAt === "string" ? raw.createdAt : undefined,
  });
  if (typeof raw.commitment === "string" && raw.commitment.toLowerCase() !== receipt.commitment) {
    throw new ReceiptError("the receipt's commitment does not match its amount and salt: it was altered");
  }
  return receipt;
}

/**
 * Checks that a receipt belongs to the expected chain, contract, auction and account, and (when given) that
 * its commitment equals the one recorded on chain. Returns a plain sentence per problem; empty means valid.
 */
export function receiptProblems(
  r: BidReceipt,
  expected: { chainId: number; auctionHouse: Address; auctionId: bigint; account?: Address; onChainCommitment?: Hex | null },
): string[] {
  const problems: string[] = [];
  if (r.chainId !== expected.chainId) problems.push(`the receipt is for chain ${r.chainId}, not chain ${expected.chainId}`);
  if (r.auctionHouse.toLowerCase() !== expected.auctionHouse.toLowerCase()) {
    problems.push(`the receipt is for auction contract ${r.auctionHouse}, not ${expected.auctionHouse}`);
  }
  if (r.auctionId !== expected.auctionId) problems.push(`the receipt is for auction ${r.auctionId}, not auction ${expected.auctionId}`);
  if (expected.account && r.account.toLowerCase() !== expected.account.toLowerCase()) {
    problems.push(`the receipt belongs to ${r.account}, not ${expected.account}`);
  }
  if (expected.onChainCommitment === null) problems.push(`${r.account} has no commitment in auction ${expected.auctionId}`);
  else if (expected.onChainCommitment && expected.onChainCommitment.toLowerCase() !== r.commitment) {
    problems.push("the receipt's amount and salt do not match the commitment recorded on chain");
  }
  return problems;
}
