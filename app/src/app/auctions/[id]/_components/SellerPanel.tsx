"use client";
import { useState } from "react";
import { ZERO_BYTES32 } from "../../../../../../lib/auction.js";
import type { BidReceipt } from "../../../../../../lib/receipt.js";
import { auctionHouseAbi } from "@/generated/config";
import { Card, Note } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatDuration } from "@/core/phase";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";
import { ImportReceipt } from "./ImportReceipt";

/** The seller's sealed reserve (anyone holding its receipt may open it) and cancellation before any bid. */
export function SellerPanel({ ctx }: { ctx: AuctionCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const [imported, setImported] = useState<BidReceipt | null>(null);
  const isSeller = same(ctx.account, ctx.terms.seller);
  const sealed = ctx.terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  const opened = ctx.history.reserveOpening !== null;
  const canCancel = isSeller && ctx.phase === "committing" && ctx.history.bidders.length === 0;
  // Sellers see their reserve from the start; others, when it can be opened (anyone holding its receipt may).
  const showReserve = sealed && !opened && (ctx.phase === "revealing" || (isSeller && ctx.phase === "committing"));
  if (!showReserve && !canCancel && tx.state.stage === "idle") return null;

  const stored = isSeller && ctx.account
    ? vault.get({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account: ctx.account, role: "reserve" }, ctx.terms.sealedReserveCommitment)
    : null;
  const receipt = stored?.receipt ?? imported;

  const openReserve = (r: BidReceipt) => {
    const problem = ctx.phase === "committing"
      ? `The sealed reserve is opened in the reveal window, which opens in ${formatDuration(ctx.terms.commitEnd - ctx.now)}.`
      : null;
    return tx.send("Open sealed reserve", {
      address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "revealReserve", args: [ctx.id, ctx.terms, r.amount, r.salt],
    }, { problems: problem ? [problem] : [], formatAmount: (v) => fmtPay(ctx, v), onConfirmed: () => { if (stored) vault.mark({ ...r }, r.commitment, "revealed"); } });
  };

  return (
    <Card title={isSeller ? "Seller" : "Sealed reserve"} id="seller">
      {showReserve ? (
        <>
          <p>
            {isSeller ? "Your" : "The seller's"} sealed reserve is not open yet. {ctx.phase === "revealing"
              ? <>Open it before the reveal window closes in <strong>{formatDuration(ctx.terms.revealEnd - ctx.now)}</strong>: unopened, its bond ({fmtPay(ctx, ctx.terms.bond)}) is burned and the sale goes ahead at the public floor.</>
              : <>It can be opened in the reveal window.</>}
          </p>
          {receipt ? (
            <div className="actions">
              <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={() => openReserve(receipt)} data-testid="open-reserve">
                Open sealed reserve of {fmtPay(ctx, receipt.amount)}
              </button>
            </div>
          ) : isSeller ? (
            <Note tone="warn"><p>This browser has no secret for your sealed reserve. Import its receipt.</p></Note>
          ) : null}
          <ImportReceipt ctx={ctx} label="Import the sealed-reserve receipt" onValid={(r) => {
            if (r.role !== "reserve") return;
            if (isSeller) vault.save(r, { status: "committed", source: "imported" });
            setImported(r);
          }} />
        </>
      ) : null}
      {canCancel ? (
        <>
          <p>No bid has been committed yet, so you may still cancel: the lot{sealed ? " and your reserve bond" : ""} come back to you.</p>
          <button type="button" className="btn btn-danger" disabled={tx.busy}
            onClick={() => tx.send("Cancel auction", { address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "cancel", args: [ctx.id, ctx.terms] })}>
            Cancel auction
          </button>
        </>
      ) : null}
      <TxStatus state={tx.state} />
    </Card>
  );
}
