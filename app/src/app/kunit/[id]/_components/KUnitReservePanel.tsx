"use client";
import { ZERO_BYTES32 } from "../../../../../../lib/auction.js";
import { kUnitAuctionHouseAbi } from "@/generated/config";
import { Card, ChainTime, Note } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatDuration } from "@/core/phase";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type KUnitCtx } from "./context";

/**
 * The seller opens its sealed reserve from this browser's storage, in its window after the commit window and
 * before any bid (rule 6). Past the window the reserve is ignored and its bond burned.
 */
export function KUnitReservePanel({ ctx }: { ctx: KUnitCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const { terms } = ctx;
  const sealed = terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;
  if (!sealed || !ctx.account || !same(ctx.account, terms.seller)) return null;
  if (ctx.history.reserveOpening && tx.state.stage === "idle") return null;
  const secret = vault.get({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: ctx.id, account: ctx.account, role: "reserve" }, terms.sealedReserveCommitment);
  const inWindow = ctx.phase === "opening-reserve";
  return (
    <Card title="Your sealed reserve" id="seller">
      <p data-testid="reserve-status">
        {ctx.history.reserveOpening ? `Opened: ${fmtPay(ctx, ctx.history.reserveOpening.reserve)} per unit.`
          : ctx.phase === "committing" ? <>Open it in its window, from <ChainTime at={terms.commitEnd} /> to <ChainTime at={terms.reserveEnd} />, before any bid can be opened.</>
          : inWindow ? <>Its window closes in {formatDuration(terms.reserveEnd - ctx.now)}. After the window the reserve is ignored and your bond ({fmtPay(ctx, terms.bond)}) is burned.</>
          : "Its window is over: the reserve is ignored and its bond burned."}
      </p>
      {secret && inWindow ? (
        <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="open-reserve"
          onClick={() => tx.send("Open sealed reserve", { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "revealReserve", args: [ctx.id, terms, secret.receipt.amount, secret.receipt.salt] }, {
            formatAmount: (v) => fmtPay(ctx, v),
            onConfirmed: () => vault.mark({ ...secret.receipt }, secret.receipt.commitment, "revealed"),
          })}>
          Open sealed reserve of {fmtPay(ctx, secret.receipt.amount)}
        </button>
      ) : !secret && !ctx.history.reserveOpening ? <Note tone="warn"><p>This browser has no secret for this reserve: it was created elsewhere. Open it there, or with <code>kunit:reveal-reserve</code> and its receipt.</p></Note> : null}
      <TxStatus state={tx.state} />
    </Card>
  );
}
