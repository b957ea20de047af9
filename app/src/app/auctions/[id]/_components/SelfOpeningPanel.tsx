"use client";
import { useState } from "react";
import { batchesOf, prepareSelfOpenings, sealedSelfOpenings, SELF_OPENING_STATUS_TEXT, type SelfOpeningVerdict } from "../../../../../../lib/self-opening.js";
import { openingTimeOf } from "../../../../../../lib/timelock.js";
import { auctionHouseAbi } from "@/generated/config";
import { Addr, Card, ChainTime, Note } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatDuration } from "@/core/phase";
import { beaconFor } from "@/config/chains";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, same, type AuctionCtx } from "./context";

/** Openings per transaction: the batch's gas stays well under a block's. */
const BATCH = 100;
const UNOPENABLE = new Set(["malformed", "undecryptable", "bad-payload", "mismatch"]);

/**
 * Self-opening bids (rule 16): from the opening time on, anyone decrypts their sealed openings (the drand
 * round is public then) and opens them all with one click. Each opening is checked against its commitment
 * in this browser before anything is sent; the rest are listed with the reason.
 */
export function SelfOpeningPanel({ ctx }: { ctx: AuctionCtx }) {
  const beacon = beaconFor(ctx.chainId);
  const tx = useTransactor();
  const [busy, setBusy] = useState(false);
  const [verdicts, setVerdicts] = useState<SelfOpeningVerdict[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Bids this page already found unopenable (bad ciphertexts) are not offered again.
  const unopenable = new Set((verdicts ?? []).filter((v) => UNOPENABLE.has(v.status)).map((v) => v.bidder));
  const stillSealed = sealedSelfOpenings(ctx.history);
  const sealed = stillSealed.filter((b) => !unopenable.has(b.bidder)).length;
  const opensAt = openingTimeOf(ctx.terms);
  const active = ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing";
  if ((stillSealed.length === 0 || !active) && verdicts === null && tx.state.stage === "idle") return null;
  const ready = ctx.phase === "revealing" && ctx.now >= opensAt;
  const isSeller = same(ctx.account, ctx.terms.seller);
  const noun = (n: number) => `${n} bid${n === 1 ? "" : "s"}`;

  async function openAll() {
    setProblem(null);
    tx.reset();
    if (!beacon) {
      setProblem(`No drand beacon is configured for this chain, so the sealed openings cannot be read here. The bidders can still reveal by hand.`);
      return;
    }
    setBusy(true);
    let found: SelfOpeningVerdict[];
    try {
      found = await prepareSelfOpenings(ctx.history, beacon);
    } finally {
      setBusy(false);
    }
    setVerdicts(found);
    const openings = found.filter((v) => v.status === "ready").map((v) => v.opening!);
    if (openings.length === 0) {
      setProblem("None of the sealed openings can be opened now: see the reasons below. Nothing was sent.");
      return;
    }
    for (const batch of batchesOf(openings, BATCH)) {
      const hash = await tx.send(`Open ${noun(batch.length)}`, {
        address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "revealMany", args: [ctx.id, batch],
      }, { formatAmount: (v) => fmtPay(ctx, v) });
      if (hash === null) return;
    }
  }

  return (
    <Card title="Self-opening bids" id="self-opening">
      {ready && sealed > 0 ? (
        <p data-testid="self-opening-ready">
          <strong>{noun(sealed)} {sealed === 1 ? "is" : "are"} ready to open {sealed === 1 ? "itself" : "themselves"}.</strong>{" "}
          {sealed === 1 ? "Its opening was" : "Their openings were"} sealed to the drand round of <ChainTime at={opensAt} />, which is public now: anyone can open {sealed === 1 ? "it" : "them"}{isSeller ? " — as the seller, opening every bid can only raise your price" : ""}.
        </p>
      ) : ready ? (
        <p data-testid="self-opening-done">
          {unopenable.size > 0
            ? <>No self-opening bid is left to open. {noun(unopenable.size)} cannot open {unopenable.size === 1 ? "itself" : "themselves"} (below): only {unopenable.size === 1 ? "its bidder" : "their bidders"} can still reveal by hand, or the bond is burned.</>
            : "Every self-opening bid is open."}
        </p>
      ) : active ? (
        <p data-testid="self-opening-waiting">
          {noun(sealed)} will open {sealed === 1 ? "itself" : "themselves"}: {ctx.now < opensAt ? <>readable by anyone in {formatDuration(opensAt - ctx.now)} (<ChainTime at={opensAt} />), nobody earlier.</> : <>once the reveal window opens.</>}
        </p>
      ) : null}
      {ready && sealed > 0 ? (
        <button type="button" className={`btn ${isSeller ? "btn-primary" : ""}`} disabled={busy || tx.busy} data-testid="open-all-self-opening" onClick={openAll}>
          {busy ? "Decrypting…" : sealed === 1 ? "Open it" : `Open all ${noun(sealed)}`}
        </button>
      ) : null}
      {problem ? <Note tone="warn"><p role="alert">{problem}</p></Note> : null}
      <TxStatus state={tx.state} />
      {verdicts && verdicts.some((v) => v.status !== "ready" || v.readableEarly) ? (
        <ul className="small" data-testid="self-opening-report">
          {verdicts.filter((v) => v.status !== "ready" || v.readableEarly).map((v) => (
            <li key={v.bidder}>
              <Addr address={v.bidder} />: {SELF_OPENING_STATUS_TEXT[v.status]}{v.status === "already-open" || v.status === "ready" ? "" : ` (${v.detail})`}
              {v.readableEarly ? "; it was sealed to a round before the opening time, so anyone could read it early" : ""}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
