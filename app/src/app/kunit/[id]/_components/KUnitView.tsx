"use client";
import Link from "next/link";
import { ZERO_BYTES32 } from "../../../../../../lib/auction.js";
import { Addr, Card, ChainTime, Countdown, Note, PhaseBadge, Timeline, TxLink } from "@/components/bits";
import { DevJump } from "@/components/DevJump";
import { DepositAmount, DEPOSITS_NOTE } from "@/components/auction-bits";
import { UnitLotLabel, unitFormatLabel } from "@/components/kunit-bits";
import { kunitHouseOf } from "@/chain/kunit";
import { kunitRankOf, kunitStanding, unitFormatOf, unitFormatRule, unitLotKindOf } from "@/core/kunit";
import { nextDeadline, phaseAt, scheduleOf, timeline } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useTokenMeta } from "@/hooks/useAuctions";
import { useChainTime } from "@/hooks/useChainTime";
import { useKUnitAccount, useKUnitAuction } from "@/hooks/useKUnit";
import { fmtPay, same, type KUnitCtx } from "./context";
import { KUnitClaimsPanel } from "./KUnitClaimsPanel";
import { KUnitCommitPanel } from "./KUnitCommitPanel";
import { KUnitRevealPanel } from "./KUnitRevealPanel";
import { KUnitReservePanel } from "./KUnitReservePanel";

function parseId(id: string): bigint | null {
  return /^\d{1,30}$/.test(id) ? BigInt(id) : null;
}

export function KUnitView({ id: raw }: { id: string }) {
  const id = parseId(raw);
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data, error, isPending } = useKUnitAuction(id);
  const terms = data?.history.created?.terms;
  const { data: payment } = useTokenMeta(terms?.paymentToken, "payment");
  const { data: accountView } = useKUnitAccount(id, terms?.paymentToken);
  const k = kunitHouseOf(app.deployment);

  if (id === null) return <Note tone="warn">&ldquo;{raw}&rdquo; is not an auction number.</Note>;
  if (!app.deployment || !k) return <Note tone="warn">No k-unit auction house is deployed on {app.chain.name} for this build.</Note>;
  if (error) return <Note tone="warn">Could not read k-unit auction #{raw}: {(error as Error).message.split("\n")[0]}</Note>;
  if (isPending || now === null) return <p role="status" className="muted">Reading k-unit auction #{raw} from the chain…</p>;
  if (!data.history.created || !terms) return (
    <>
      <h1>k-unit auction #{raw}</h1>
      <Note tone="warn">There is no k-unit auction #{raw} on {app.chain.name}. <Link href="/">See all auctions.</Link></Note>
    </>
  );
  if (!payment) return <p role="status" className="muted">Reading the payment token…</p>;

  const schedule = scheduleOf(data.history);
  const ctx: KUnitCtx = {
    id, chainId: app.chainId, deployment: app.deployment, house: k.house, history: data.history, state: data.state, terms, payment, schedule,
    phase: phaseAt(schedule, now), now, account: app.account, accountView, standing: kunitStanding(data.history), local: app.local,
  };
  const deadline = nextDeadline(schedule, now);
  const sealedReserve = terms.sealedReserveCommitment.toLowerCase() !== ZERO_BYTES32;

  return (
    <>
      <div className="page-head">
        <h1>k-unit auction #{id.toString()} <PhaseBadge phase={ctx.phase} /></h1>
        <Link className="btn" href={`/kunit/${id}/audit`}>Audit this auction</Link>
      </div>
      <p className="lead" data-testid="phase-line">
        <span className="badge" data-testid="kunit-label">k units</span>{" "}
        <UnitLotLabel terms={terms} /> · {unitFormatLabel(terms)} · one unit per bidder · paid in {payment.symbol}
        {deadline ? <> · {deadline.label} <Countdown to={deadline.at} now={now} /></> : null}
        {" "}· chain time <ChainTime at={now} />
      </p>
      <Timeline steps={timeline(schedule, now).map((s) => (s.key === "claim" ? { ...s, note: "winners take their unit and change, the others their refunds, the seller the proceeds and unsold units" } : s))} />
      {app.local && (ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing") ? <DevJump chainId={ctx.chainId} now={now} phase={ctx.phase} windows={terms} /> : null}
      <div className="columns">
        <div>
          <Standing ctx={ctx} />
          <Card title="Terms" id="terms">
            <dl className="facts">
              <dt>Seller</dt><dd><Addr address={terms.seller} /></dd>
              <dt>Units</dt><dd>{terms.units} ({unitLotKindOf(terms) === "erc1155" ? "copies of one ERC-1155 id" : "equal tranches of an ERC-20 amount"}), escrowed in the k-unit house</dd>
              <dt>Lot</dt><dd><UnitLotLabel terms={terms} /></dd>
              <dt>Format</dt><dd>{unitFormatLabel(terms)}: {unitFormatRule(terms)}</dd>
              <dt>Bond</dt><dd>{fmtPay(ctx, terms.bond)}: the minimum deposit. Not opening a bid in the reveal window forfeits it, and forfeited bonds are burned.</dd>
              <dt>Reserve</dt><dd>{sealedReserve ? `Sealed by the seller${data.history.reserveOpening ? `; opened: ${fmtPay(ctx, data.history.reserveOpening.reserve)}` : ""}` : terms.floorReserve > 0n ? `Public floor of ${fmtPay(ctx, terms.floorReserve)} per unit` : "None"}</dd>
              <dt>Commit until</dt><dd><ChainTime at={terms.commitEnd} /></dd>
              <dt>Reveal until</dt><dd><ChainTime at={terms.revealEnd} /></dd>
            </dl>
          </Card>
          <KUnitBids ctx={ctx} />
        </div>
        <div>
          <KUnitReservePanel ctx={ctx} />
          <MyKUnitPosition ctx={ctx} />
          {ctx.phase === "committing" ? <KUnitCommitPanel ctx={ctx} /> : null}
          <KUnitRevealPanel ctx={ctx} />
          <KUnitClaimsPanel ctx={ctx} />
        </div>
      </div>
    </>
  );
}

/** Units left and the standing clearing price: from the openings so far (after settlement, the outcome). */
function Standing({ ctx }: { ctx: KUnitCtx }) {
  const s = ctx.standing;
  const uniform = unitFormatOf(ctx.terms) === "uniform-price";
  const settled = ctx.history.settlement !== null;
  const biddingOpen = s.opened > 0 || settled;
  return (
    <Card title={settled ? "Outcome" : "Standing"} id="standing">
      <dl className="facts" data-testid="kunit-standing">
        <dt>Units</dt><dd>{ctx.terms.units}</dd>
        <dt>{settled ? "Units sold" : "Units taken so far"}</dt><dd>{s.unitsTaken}</dd>
        <dt>{settled ? "Units unsold" : "Units left"}</dt><dd data-testid="units-left">{s.unitsLeft}</dd>
        <dt>Bids</dt><dd>{ctx.history.bidders.length} committed, {s.opened} opened</dd>
        {uniform ? (
          <><dt>{settled ? "Price every winner pays" : "Standing clearing price"}</dt>
            <dd data-testid="clearing-price">{s.clearingPrice !== null ? fmtPay(ctx, s.clearingPrice) : biddingOpen ? "none yet: no unit would sell" : "shown once bids are opened"}</dd></>
        ) : (
          <><dt>Lowest winning bid</dt><dd data-testid="clearing-price">{s.lowestWinning !== null ? fmtPay(ctx, s.lowestWinning) : biddingOpen ? "none yet" : "shown once bids are opened"}</dd></>
        )}
        {settled ? <><dt>Bonds burned</dt><dd>{fmtPay(ctx, ctx.history.settlement!.burned)}</dd></> : null}
      </dl>
      {!settled && s.opened > 0 ? (
        <p className="hint">From the {s.opened} bid{s.opened === 1 ? "" : "s"} opened so far{s.sealed > 0 ? `; ${s.sealed} still sealed can change it` : ""}. {uniform ? "The price is the highest losing bid, or the reserve if higher." : ""}</p>
      ) : null}
    </Card>
  );
}

function MyKUnitPosition({ ctx }: { ctx: KUnitCtx }) {
  if (!ctx.account) return null;
  const me = ctx.history.bidders.find((b) => same(b.bidder, ctx.account));
  if (!me) return null;
  const rank = kunitRankOf(ctx.standing, ctx.account);
  const settled = ctx.history.settlement !== null;
  return (
    <Card title="Your bid" id="my-position">
      <dl className="facts" data-testid="my-rank">
        <dt>Deposit</dt><dd>{fmtPay(ctx, me.deposit)}</dd>
        <dt>Commit order</dt><dd>{me.order}</dd>
        <dt>Your bid</dt><dd>{me.opening ? fmtPay(ctx, me.opening.amount) : "sealed"}</dd>
        <dt>Your rank</dt>
        <dd>{rank ? <>{rank.rank} of {rank.ofValid} opened valid bids · {rank.winning ? (settled ? "won a unit" : "winning a unit now") : settled ? "did not win" : "not among the top units now"}</>
          : me.opening && !me.opening.valid ? "invalid: your bid is above your deposit" : "ranked once your bid is opened"}</dd>
        {rank?.winning && rank.price !== null ? <><dt>{settled ? "You pay" : "You would pay"}</dt><dd>{fmtPay(ctx, rank.price)}</dd></> : null}
        {me.unit ? <><dt>Unit</dt><dd>{me.unit.kind === "claimed" ? "claimed with your change" : "delivered by the seller"} (<TxLink hash={me.unit.transactionHash} />)</dd></> : null}
      </dl>
    </Card>
  );
}

/** The public record: who committed, each deposit (public), each opening and where it stands. */
function KUnitBids({ ctx }: { ctx: KUnitCtx }) {
  const { history } = ctx;
  const live = ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing";
  const rankOf = new Map(ctx.standing.outcome.ranked.map((b, i) => [b.bidder.toLowerCase(), i + 1]));
  const winners = new Set(ctx.standing.outcome.winners.map((w) => w.bidder.toLowerCase()));
  return (
    <Card title={`Bids (${history.bidders.length} committed, ${history.openings.length} opened)`} id="bids">
      <p className="muted small">{DEPOSITS_NOTE}</p>
      {history.bidders.length === 0 ? <p>No bids yet.</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="kunit-bids">
            <thead><tr><th scope="col">Order</th><th scope="col">Bidder</th><th scope="col">Deposit</th><th scope="col">Bid</th><th scope="col">Rank</th></tr></thead>
            <tbody>
              {history.bidders.map((b) => {
                const key = b.bidder.toLowerCase();
                return (
                  <tr key={b.bidder}>
                    <td>{b.order}</td>
                    <td><Addr address={b.bidder} /></td>
                    <td><DepositAmount b={b} fmt={(v) => fmtPay(ctx, v)} /></td>
                    <td>{b.opening ? <>{fmtPay(ctx, b.opening.amount)}{b.opening.valid ? null : <> <span className="bad">invalid: above deposit</span></>}</> : <span className="muted">{live ? "sealed" : "never opened: bond burned"}</span>}</td>
                    <td>{rankOf.has(key) ? <>{rankOf.get(key)}{winners.has(key) ? <span className="tag">{ctx.history.settlement ? "won" : "top unit"}</span> : b.displacedBy ? <span className="muted small"> pushed out</span> : null}</> : <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
