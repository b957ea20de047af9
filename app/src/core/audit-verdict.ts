/**
 * The one-line verdict of an audit page. "Matches." only when the auction is settled and every check agrees:
 * the e2e and anyone skimming the page read that word. Pure.
 */
import type { AuditReport } from "../../../lib/audit.js";

export type VerdictTone = "ok" | "bad" | "pending";

export interface AuditVerdict {
  tone: VerdictTone;
  text: string;
}

/** The single-item house's verdict (lib/audit.ts's report). */
export function auditVerdict(r: Pick<AuditReport, "status" | "ok" | "differences" | "checks" | "logs" | "auctionId">): AuditVerdict {
  const n = r.checks.length;
  if (r.status === "not-found") return { tone: "bad", text: `No auction #${r.auctionId} was found in the contract's events.` };
  if (!r.ok) return { tone: "bad", text: `Does not match: ${r.differences.length} difference(s) found.` };
  if (r.status === "settled") return { tone: "ok", text: `Matches. The settlement equals the outcome your browser recomputed from ${r.logs} events, and the contract's state agrees (${n} checks).` };
  if (r.status === "cancelled") return { tone: "ok", text: "Cancelled before any bid; the events and the contract's state agree." };
  return { tone: "pending", text: `Not settled yet. Everything so far checks out (${n} checks): openings match their commitments and the contract's state agrees with the events.` };
}
