"use client";
import type { ReactNode } from "react";
import type { AuditCheck } from "../../../lib/audit.js";
import type { EventMeta } from "../../../lib/history.js";
import type { AuditVerdict } from "@/core/audit-verdict";
import { Card, TxLink } from "./bits";

/** The pieces both audit pages (single-item and k-unit) show: verdict, compare rows, event history, checks. */

export function OkMark({ ok }: { ok: boolean }) {
  return ok ? <span className="ok">✓</span> : <span className="bad">✗</span>;
}

export function VerdictBox({ verdict, differences }: { verdict: AuditVerdict; differences: string[] }) {
  return (
    <div className={`verdict verdict-${verdict.tone}`} role="status" data-testid="audit-verdict">
      <strong>{verdict.text}</strong>
      {differences.length > 0 ? <ul>{differences.map((d) => <li key={d}>{d}</li>)}</ul> : null}
    </div>
  );
}

/** A row of a recomputed-vs-settled table; `b` undefined hides the settled column (before settlement). */
export function CompareRow({ label, a, b, same }: { label: string; a: ReactNode; b?: ReactNode; same: boolean | null }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{a}</td>
      {b !== undefined ? <td>{b} {same === null ? null : same ? <span className="ok">✓</span> : <span className="bad">✗ differs</span>}</td> : null}
    </tr>
  );
}

/** Every event of the auction in chain order, each described by `details`. */
export function EventHistory<E extends EventMeta & { name: string }>({ events, details }: { events: readonly E[]; details: (e: E) => ReactNode }) {
  return (
    <Card title={`Event history (${events.length})`} id="events">
      <div className="table-wrap">
        <table className="table events" data-testid="event-table">
          <thead><tr><th scope="col">Block</th><th scope="col">Event</th><th scope="col">Details</th><th scope="col">Transaction</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={`${e.blockNumber}-${e.logIndex}`}>
                <td>{e.blockNumber.toString()}</td>
                <td>{e.name}</td>
                <td>{details(e)}</td>
                <td><TxLink hash={e.transactionHash} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

export function ChecksDetails({ checks }: { checks: AuditCheck[] }) {
  return (
    <details className="card">
      <summary>All {checks.length} checks</summary>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th scope="col">Check</th><th scope="col">Expected</th><th scope="col">Actual</th><th scope="col">OK</th></tr></thead>
          <tbody>
            {checks.map((c, i) => (
              <tr key={i}><td>{c.check}</td><td className="mono">{c.expected}</td><td className="mono">{c.actual}</td><td><OkMark ok={c.ok} /></td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
