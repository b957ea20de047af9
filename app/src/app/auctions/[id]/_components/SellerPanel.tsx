"use client";
import { useState } from "react";
import { getAddress, type Address } from "viem";
import { ZERO_BYTES32 } from "../../../../../../lib/auction.js";
import { recipientProblem } from "@/core/recipient";
import type { BidReceipt } from "../../../../../../lib/receipt.js";
import { auctionHouseAbi } from "@/generated/config";
import { Card, ChainTime, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatDuration } from "@/core/phase";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";
import { ImportReceipt } from "./ImportReceipt";

/**
 * The seller's sealed reserve — opened only in its window, before any bid (rule 6); anyone holding its receipt
 * may open it — and cancellation before any bid, to a recipient the seller names.
 */
export function SellerPanel({ ctx }: { ctx: AuctionCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const [imported, setImported] = useState<BidReceipt | null>(null);
  const [recipientText, setRecipientText] = useState<string | null>(null);
  const isSeller = same(ctx.account, ctx.terms.seller);
  const sealed = ctx.terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  const opened = ctx.history.reserveOpening !== null;
  const canCancel = isSeller && ctx.phase === "committing" && ctx.history.bidders.length === 0;
  // Sellers see their reserve from the start; others, when it can be opened (anyone holding its receipt may).
  const inWindow = ctx.phase === "opening-reserve";
  const showReserve = sealed && !opened && (inWindow || (isSeller && ctx.phase === "committing"));
  const missed = sealed && !opened && isSeller && ctx.terms.reserveEnd > 0 && ctx.now >= ctx.terms.reserveEnd && ctx.phase !== "cancelled";
  if (!showReserve && !canCancel && !missed && tx.state.stage === "idle") return null;
  const recipient = recipientText ?? ctx.account ?? "";
  const badRecipient = recipientProblem(recipient);

  const stored = isSeller && ctx.account
    ? vault.get({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account: ctx.account, role: "reserve" }, ctx.terms.sealedReserveCommitment)
    : null;
  const receipt = stored?.receipt ?? imported;

  const openReserve = (r: BidReceipt) => {
    const problem = ctx.phase === "committing"
      ? `The sealed reserve is opened in its window, which opens when bidding closes, in ${formatDuration(ctx.terms.commitEnd - ctx.now)}.`
      : !inWindow ? "The reserve window is over: the sealed reserve can no longer be opened." : null;
    return tx.send("Open sealed reserve", {
      address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "revealReserve", args: [ctx.id, ctx.terms, r.amount, r.salt],
    }, { problems: problem ? [problem] : [], formatAmount: (v) => fmtPay(ctx, v), onConfirmed: () => { if (stored) vault.mark({ ...r }, r.commitment, "revealed"); } });
  };

  return (
    <Card title={isSeller ? "Seller" : "Sealed reserve"} id="seller">
      {showReserve ? (
        <>
          <p data-testid="reserve-status">
            {isSeller ? "Your" : "The seller's"} sealed reserve is not open yet. {inWindow
              ? <>Its window closes in <strong>{formatDuration(ctx.terms.reserveEnd - ctx.now)}</strong> (<ChainTime at={ctx.terms.reserveEnd} />, chain time); no bid can be opened before it is open or the window ends.</>
              : <>It can be opened in its window, from the end of bidding (<ChainTime at={ctx.terms.commitEnd} />) until <ChainTime at={ctx.terms.reserveEnd} />, before any bid is opened.</>}
            {" "}After the window the reserve is ignored (the sale goes ahead at the public floor) and its bond ({fmtPay(ctx, ctx.terms.bond)}) is burned.
          </p>
          {receipt && inWindow ? (
            <div className="actions">
              <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={() => openReserve(receipt)} data-testid="open-reserve">
                Open reserve ({fmtPay(ctx, receipt.amount)})
              </button>
            </div>
          ) : receipt ? (
            <p className="muted">Your reserve&apos;s secret ({fmtPay(ctx, receipt.amount)}) is saved in this browser; &ldquo;Open reserve&rdquo; appears here when its window opens.</p>
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
      {missed && !showReserve ? (
        <p className="muted" data-testid="reserve-missed">Your sealed reserve was not opened in its window: it is ignored (the sale goes ahead at the public floor) and its bond is burned.</p>
      ) : null}
      {canCancel ? (
        <>
          <p>No bid has been committed yet, so you may still cancel: the lot{sealed ? " and your reserve bond" : ""} go to the recipient below.</p>
          <div className="field">
            <label htmlFor="cancel-recipient">Send the lot{sealed ? " and the bond" : ""} to</label>
            <input id="cancel-recipient" type="text" value={recipient} onChange={(e) => setRecipientText(e.target.value.trim())} spellCheck={false} />
            <p className="hint">Your own address by default.</p>
          </div>
          <Problems items={badRecipient ? [badRecipient] : []} id="cancel-problems" />
          <button type="button" className="btn btn-danger" disabled={tx.busy || badRecipient !== null} data-testid="cancel"
            onClick={() => tx.send("Cancel auction", {
              address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "cancel", args: [ctx.id, ctx.terms, getAddress(recipient) as Address],
            })}>
            Cancel auction
          </button>
        </>
      ) : null}
      <TxStatus state={tx.state} />
    </Card>
  );
}
