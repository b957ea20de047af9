"use client";
import { useState } from "react";
import { Card } from "@/components/bits";
import type { LabKind, LabParams } from "../_lib/compute";

const KINDS: { kind: LabKind; label: string }[] = [
  { kind: "uniform", label: "Uniform" },
  { kind: "exponential", label: "Exponential" },
  { kind: "normal", label: "Truncated normal" },
  { kind: "lognormal", label: "Log-normal" },
  { kind: "samples", label: "Paste samples" },
];

/** Fields per distribution: [key, label, hint]. */
const FIELDS: Record<Exclude<LabKind, "samples">, [keyof LabParams, string][]> = {
  uniform: [["uniformA", "Lowest value a"], ["uniformB", "Highest value b"]],
  exponential: [["rate", "Rate λ (mean 1/λ)"]],
  normal: [["mean", "Mean"], ["sd", "Standard deviation"], ["lo", "Truncated below at"], ["hi", "Truncated above at (inf for none)"]],
  lognormal: [["mu", "μ (mean of log value)"], ["sigma", "σ (sd of log value)"]],
};

export function LabForm({ initial, busy, onSubmit }: { initial: LabParams; busy: boolean; onSubmit: (p: LabParams) => void }) {
  const [p, setP] = useState<LabParams>(initial);
  const set = (key: keyof LabParams, value: string) => setP((old) => ({ ...old, [key]: value }));
  return (
    <Card title="Bidders' values" id="lab-input">
      <form onSubmit={(e) => { e.preventDefault(); onSubmit({ ...p }); }} noValidate>
        <div className="field">
          <label htmlFor="lab-kind">Distribution</label>
          <select id="lab-kind" value={p.kind} onChange={(e) => set("kind", e.target.value)}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </div>
        {p.kind === "samples" ? (
          <div className="field">
            <label htmlFor="lab-samples">Sample values</label>
            <textarea id="lab-samples" rows={6} value={p.samples} onChange={(e) => set("samples", e.target.value)} spellCheck={false} placeholder={"0.8\n1.2\n0.95, 1.4"} />
            <p className="hint">One number per line or comma-separated, e.g. past winning bids. The lab smooths them into a distribution.</p>
          </div>
        ) : (
          <div className="grid2">
            {FIELDS[p.kind].map(([key, label]) => (
              <div className="field" key={key}>
                <label htmlFor={`lab-${key}`}>{label}</label>
                <input id={`lab-${key}`} type="text" inputMode="decimal" value={p[key]} onChange={(e) => set(key, e.target.value)} />
              </div>
            ))}
          </div>
        )}
        <div className="field">
          <label htmlFor="lab-bidders">Number of bidders</label>
          <input id="lab-bidders" type="number" min="1" max="100" step="1" value={p.bidders} onChange={(e) => set("bidders", e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="lab-compute">{busy ? "Computing…" : "Compute"}</button>
      </form>
    </Card>
  );
}
