"use client";
import type { BidReceipt } from "../../../../../../lib/receipt.js";
import { bidderOf } from "../../../../../../lib/history.js";
import { ReceiptImport } from "@/components/ReceiptImport";
import type { AuctionCtx } from "./context";

/** A bid or sealed-reserve receipt for this single-item auction (components/ReceiptImport.tsx checks it). */
export function ImportReceipt({ ctx, onValid, label }: { ctx: AuctionCtx; onValid: (r: BidReceipt) => void; label: string }) {
  return (
    <ReceiptImport label={label} onValid={onValid} check={{
      chainId: ctx.chainId,
      auctionHouse: ctx.deployment.auctionHouse,
      auctionId: ctx.id,
      onChainCommitment: (account, role) => {
        if (role === "reserve") {
          return account.toLowerCase() === ctx.terms.seller.toLowerCase() && ctx.terms.sealedReserveCommitment !== `0x${"00".repeat(32)}` ? ctx.terms.sealedReserveCommitment : null;
        }
        return bidderOf(ctx.history, account)?.commitment ?? null;
      },
    }} />
  );
}
