"use client";
import Link from "next/link";
import { formatNumber } from "../../../../../lib/lab/index.js";
import { Card, Note } from "@/components/bits";
import type { LabOutcome } from "../_lib/compute";
import { createPrefillHref } from "../_lib/prefill";
import { RevenueChart } from "./RevenueChart";
import { ShillChart } from "./ShillChart";

const FORMAT_NAME = { "second-price": "Second price", "first-price": "First price" } as const;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function LabResults({ outcome, busy }: { outcome: LabOutcome | null; busy: boolean }) {
  if (outcome === null) return <Card title="Results" id="lab-results"><p className="muted" role="status">Computing…</p></Card>;
  if (!outcome.ok) {
    return (
      <Card title="Results" id="lab-results">
        <div className="problems" role="alert" data-testid="lab-error"><p>{outcome.error}</p></div>
      </Card>
    );
  }
  const v = outcome.view;
  const bondKnown = Number.isFinite(v.bond);
  return (
    <div aria-busy={busy}>
      <Card title="Recommendation" id="lab-results">
        <p className="muted small" role="status">{busy ? "Computing…" : `${v.label}, ${v.bidders} bidder${v.bidders === 1 ? "" : "s"}`}</p>
        <dl className="facts">
          <dt>Optimal reserve</dt>
          <dd data-testid="lab-reserve">{formatNumber(v.reserve.reserve, 6)}</dd>
          <dt>Recommended bond</dt>
          <dd data-testid="lab-bond">{bondKnown ? formatNumber(v.bond, 6) : "none suffices"}</dd>
        </dl>
        {v.reserve.regular ? (
          <p className="hint">Myerson: the reserve solves φ(r) = r − (1 − F(r))/f(r) = 0, whatever the number of bidders. The bond is the smallest that makes
            up to 3 shill bids, opened or withheld after seeing the real bids, unprofitable at that reserve.</p>
        ) : (
          <Note tone="warn"><p data-testid="lab-irregular">{v.reserve.message}.</p></Note>
        )}
        <p className="small">Values are in the payment token&apos;s units: a reserve of 0.5 means 0.5 ETH when the auction is paid in ETH.</p>
        <Link className="btn btn-primary" href={createPrefillHref({ format: "second-price", floorReserve: v.reserve.reserve, bond: bondKnown ? v.bond : NaN, dist: v.spec, bidders: v.bidders })} data-testid="lab-use">
          Use these settings
        </Link>
        <p className="hint">Opens the create form with a second-price auction, the optimal reserve as its public floor and the recommended bond, checked for shill-proofness under this distribution.</p>
      </Card>
      <Card title="Revenue and efficiency" id="lab-table">
        <div className="table-wrap">
          <table className="table" data-testid="lab-rows">
            <caption className="sr-only">Expected revenue and efficiency by format and reserve</caption>
            <thead>
              <tr><th scope="col">Format</th><th scope="col">Reserve</th><th scope="col">Expected revenue</th><th scope="col">Simulated (± 95%)</th><th scope="col">Efficiency</th></tr>
            </thead>
            <tbody>
              {v.rows.map((row) => (
                <tr key={`${row.format}-${row.reserveKind}`}>
                  <th scope="row">{FORMAT_NAME[row.format]}</th>
                  <td>{row.reserveKind === "none" ? "none" : `optimal ${formatNumber(row.reserve, 4)}`}</td>
                  <td className="mono">{row.revenue.toFixed(4)}</td>
                  <td className="mono">{row.simulated.mean.toFixed(4)} ± {((row.simulated.ci95[1] - row.simulated.ci95[0]) / 2).toFixed(4)}</td>
                  <td className="mono">{pct(row.efficiency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="hint">Expected revenue is exact (first price at the equilibrium bids); the simulation of 10 000 auctions per row is a check. Efficiency is the
          chance the lot goes to the bidder who values it most (unsold counts as inefficient).</p>
      </Card>
      <Card title="Revenue against the reserve" id="lab-revenue-chart">
        <RevenueChart data={v.revenueChart} optimum={v.optimum} />
      </Card>
      <Card title="Shill bids against the bond" id="lab-shill-chart">
        <ShillChart data={v.shillChart} bond={bondKnown ? v.bond : null} />
      </Card>
    </div>
  );
}
