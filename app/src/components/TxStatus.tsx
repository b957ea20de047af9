"use client";
import type { TxState } from "@/hooks/useTransactor";
import { TxLink } from "./bits";

const TEXT: Record<string, string> = {
  simulating: "Checking the transaction against the chain…",
  wallet: "Confirm in your wallet…",
  pending: "Pending: waiting for the block…",
  confirmed: "Confirmed.",
};

/** The stages of one transaction, announced politely to screen readers. */
export function TxStatus({ state }: { state: TxState }) {
  if (state.stage === "idle") return <div className="tx-status" aria-live="polite" />;
  const tone = state.stage === "failed" ? "error" : state.stage === "rejected" ? "muted" : state.stage === "confirmed" ? "ok" : "busy";
  return (
    <div className={`tx-status tx-${tone}`} aria-live="polite" role={state.stage === "failed" ? "alert" : "status"} data-stage={state.stage}>
      <strong>{state.label}: </strong>
      {state.stage === "failed" || state.stage === "rejected" ? state.message : TEXT[state.stage]}
      {state.hash ? (
        <>
          {" "}Transaction <TxLink hash={state.hash} />
        </>
      ) : null}
    </div>
  );
}
