"use client";
import { Addr } from "./bits";
import { tokenTitle, type TokenInfo } from "@/core/token-kind";

/** A token as the user should check it: kind, name and symbol, and its address. */
export function TokenBadge({ info, testId }: { info: TokenInfo; testId?: string }) {
  const bad = info.kind === "none" || info.kind === "contract";
  return (
    <span className={`token-badge${bad ? " token-bad" : ""}`} data-testid={testId} data-kind={info.kind}>
      <span className="token-kind">{tokenTitle(info)}</span>
      {info.kind !== "eth" ? <> <Addr address={info.address} /></> : null}
    </span>
  );
}
