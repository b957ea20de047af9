"use client";
import { Addr, Card, TxLink } from "@/components/bits";
import { DepositAmount, DEPOSITS_NOTE } from "@/components/auction-bits";
import { fmtPay, type AuctionCtx } from "./context";

/** The public record: who committed, each deposit (public, or only the bond of a hidden one), and each opening. */
export function BidsTable({ ctx }: { ctx: AuctionCtx }) {
  const { history } = ctx;
  return (
    <Card title={`Bids (${history.bidders.length} committed, ${history.openings.length} opened)`} id="bids">
      <p className="muted small">{DEPOSITS_NOTE}</p>
      {history.bidders.length === 0 ? (
        <p>No bids yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr><th scope="col">Order</th><th scope="col">Bidder</th><th scope="col">Deposit</th><th scope="col">Bid</th><th scope="col">Committed in</th></tr>
            </thead>
            <tbody>
              {history.bidders.map((b) => (
                <tr key={b.bidder}>
                  <td>{b.order}</td>
                  <td><Addr address={b.bidder} /></td>
                  <td><DepositAmount b={b} fmt={(v) => fmtPay(ctx, v)} />{b.commits.length > 1 ? <span className="muted small"> ({b.commits.length} commits)</span> : null}</td>
                  <td>
                    {b.opening ? (
                      <>
                        {fmtPay(ctx, b.opening.amount)}{" "}
                        {b.opening.valid ? null : <span className="bad">invalid: above deposit, bond forfeited</span>}
                      </>
                    ) : (
                      <span className="muted">
                        {ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing" ? "sealed" : "never opened: bond burned"}
                        {b.sealedOpening && (ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing") ? <span className="badge badge-gap" data-testid="self-opening-badge" title="Its opening is timelock-encrypted to drand: anyone can open it once bids may be opened">opens itself</span> : null}
                      </span>
                    )}
                  </td>
                  <td><TxLink hash={b.commits[0].transactionHash} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
