"use client";
import { useState } from "react";
import { usePublicClient } from "wagmi";
import { useQueryClient } from "@tanstack/react-query";
import { advanceTime } from "@/chain/local-dev";
import type { PhaseName } from "@/core/phase";

export interface DevJumpProps {
  chainId: number;
  now: number;
  phase: PhaseName;
  windows: { commitEnd: number; reserveEnd: number; revealEnd: number };
}

/** Local chain only: moves chain time past this auction's next window (either house's auction page). */
export function DevJump({ chainId, now, phase, windows }: DevJumpProps) {
  const client = usePublicClient({ chainId });
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const jump = async (to: number) => {
    if (!client) return;
    setBusy(true);
    try {
      await advanceTime(client, to - now);
      await queryClient.invalidateQueries();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="devbar" role="region" aria-label="Local chain time travel">
      <span className="devbar-info"><strong>Local chain</strong> · move chain time for this auction:</span>
      <span className="devbar-actions">
        {phase === "committing" ? (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => jump(windows.commitEnd + 1)}>
            {windows.reserveEnd > 0 ? "Jump to the reserve window" : "Jump to the reveal window"}
          </button>
        ) : null}
        {(phase === "committing" || phase === "opening-reserve") && windows.reserveEnd > 0 ? (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => jump(windows.reserveEnd + 1)}>Jump past the reserve window</button>
        ) : null}
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => jump(windows.revealEnd + 1)}>Jump past the reveal window</button>
      </span>
    </div>
  );
}
