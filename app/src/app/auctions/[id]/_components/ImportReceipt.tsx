"use client";
import { useId, useState } from "react";
import type { BidReceipt } from "../../../../../../lib/receipt.js";
import { bidderOf } from "../../../../../../lib/history.js";
import { Problems } from "@/components/bits";
import { checkReceiptText } from "@/core/receipt-check";
import type { AuctionCtx } from "./context";

/**
 * Reads a receipt from a file or pasted text and accepts it only if it names this chain, contract and auction
 * and its amount and salt hash to the commitment on chain for its account (or to the sealed reserve).
 */
export function ImportReceipt({ ctx, onValid, label }: { ctx: AuctionCtx; onValid: (r: BidReceipt) => void; label: string }) {
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const id = useId();
  const check = (input: string) => {
    const result = checkReceiptText(input, {
      chainId: ctx.chainId,
      auctionHouse: ctx.deployment.auctionHouse,
      auctionId: ctx.id,
      onChainCommitment: (account, role) => {
        if (role === "reserve") {
          return account.toLowerCase() === ctx.terms.seller.toLowerCase() && ctx.terms.sealedReserveCommitment !== `0x${"00".repeat(32)}` ? ctx.terms.sealedReserveCommitment : null;
        }
        return bidderOf(ctx.history, account)?.commitment ?? null;
      },
    });
    if (result.ok) {
      setProblems([]);
      setText("");
      onValid(result.receipt);
    } else {
      setProblems(result.problems);
    }
  };
  return (
    <details className="import">
      <summary>{label}</summary>
      <div className="field">
        <label htmlFor={`${id}-file`}>Receipt file (.json)</label>
        <input id={`${id}-file`} type="file" accept="application/json,.json" data-testid="receipt-file"
          onChange={async (e) => { const f = e.target.files?.[0]; if (f) check(await f.text()); e.target.value = ""; }} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>…or paste it</label>
        <textarea id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </div>
      <button type="button" className="btn btn-small" disabled={text.trim() === ""} onClick={() => check(text)}>Check receipt</button>
      <Problems items={problems} id={`${id}-problems`} />
    </details>
  );
}
