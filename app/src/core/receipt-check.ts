/**
 * Validation of a receipt the user imports (file or pasted text) before the app stores or uses it: the shape
 * and self-consistency checks of lib/receipt.ts, then the auction it names and the commitment recorded on
 * chain for its account. Each problem is a plain sentence; a receipt with problems is never used.
 */
import type { Address, Hex } from "viem";
import { parseReceipt, receiptProblems, ReceiptError, type BidReceipt } from "../../../lib/receipt.js";

export interface ReceiptContext {
  chainId: number;
  auctionHouse: Address;
  auctionId: bigint;
  /** When set, the receipt must belong to this account (e.g. "reveal my own bid"). */
  account?: Address;
  /** When set, the receipt must have this role. */
  role?: BidReceipt["role"];
  /**
   * The commitment on chain for the receipt's account and role: the bidder's latest `BidCommitted`
   * commitment, or the auction's sealed-reserve commitment; null when there is none.
   */
  onChainCommitment: (account: Address, role: BidReceipt["role"]) => Hex | null;
}

export type ReceiptCheck = { ok: true; receipt: BidReceipt } | { ok: false; problems: string[]; receipt?: BidReceipt };

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? "" : ".");

export function checkReceiptText(text: string, ctx: ReceiptContext): ReceiptCheck {
  let receipt: BidReceipt;
  try {
    receipt = parseReceipt(text);
  } catch (e) {
    const msg = e instanceof ReceiptError ? e.message : "the file could not be read as a receipt";
    return { ok: false, problems: [sentence(msg)] };
  }
  return checkReceipt(receipt, ctx);
}

export function checkReceipt(receipt: BidReceipt, ctx: ReceiptContext): ReceiptCheck {
  const problems: string[] = [];
  if (ctx.role && receipt.role !== ctx.role) {
    problems.push(receipt.role === "reserve" ? "This is a sealed-reserve receipt, not a bid receipt." : "This is a bid receipt, not a sealed-reserve receipt.");
  }
  const sameAuction = receipt.chainId === ctx.chainId && receipt.auctionHouse.toLowerCase() === ctx.auctionHouse.toLowerCase() && receipt.auctionId === ctx.auctionId;
  const onChain = sameAuction ? ctx.onChainCommitment(receipt.account, receipt.role) : undefined;
  const found = receiptProblems(receipt, {
    chainId: ctx.chainId,
    auctionHouse: ctx.auctionHouse,
    auctionId: ctx.auctionId,
    account: ctx.account,
    onChainCommitment: sameAuction ? onChain : undefined,
  });
  problems.push(...found.map(sentence));
  return problems.length === 0 ? { ok: true, receipt } : { ok: false, problems, receipt };
}
