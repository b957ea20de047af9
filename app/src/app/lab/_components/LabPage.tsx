"use client";
import { useState } from "react";
import { DEFAULT_PARAMS, type LabParams } from "../_lib/compute";
import { useLab } from "../_lib/useLab";
import { LabForm } from "./LabForm";
import { LabResults } from "./LabResults";
import styles from "./lab.module.css";

export function LabPage() {
  const [submitted, setSubmitted] = useState<LabParams>(DEFAULT_PARAMS);
  const { outcome, busy } = useLab(submitted);
  return (
    <>
      <h1>Mechanism lab</h1>
      <p className="lead">
        Describe what you expect bidders to be willing to pay, and the lab applies auction theory — Myerson&apos;s optimal
        reserve, revenue equivalence, and the bond that makes shill bids unprofitable — to suggest a format, a reserve and a bond.
        All values are in the payment token&apos;s units (for example ETH).
      </p>
      <div className={styles.columns}>
        <div>
          <LabForm initial={submitted} busy={busy} onSubmit={setSubmitted} />
        </div>
        <div>
          <LabResults outcome={outcome} busy={busy} />
        </div>
      </div>
    </>
  );
}
