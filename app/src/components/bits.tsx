"use client";
import type { ReactNode } from "react";
import type { Address, Hex } from "viem";
import { explorerAddress, explorerTx, formatAmount, formatChainTime, shortAddress } from "@/core/format";
import { formatDuration, PHASE_LABEL, type PhaseName, type TimelineStep } from "@/core/phase";
import { chainById } from "@/config/chains";
import { useAppChain } from "@/hooks/useAppChain";

export function Addr({ address, you }: { address: Address | string; you?: string }) {
  const { chainId, account } = useAppChain();
  const href = explorerAddress(chainById(chainId), address as Address);
  const mine = account && account.toLowerCase() === address.toLowerCase();
  const text = <span className="mono" title={address}>{shortAddress(address)}</span>;
  return (
    <span className="addr">
      {href ? <a href={href} target="_blank" rel="noreferrer">{text}</a> : text}
      {mine ? <span className="tag">{you ?? "you"}</span> : null}
    </span>
  );
}

export function TxLink({ hash }: { hash: Hex }) {
  const { chainId } = useAppChain();
  const href = explorerTx(chainById(chainId), hash);
  const text = <span className="mono" title={hash}>{shortAddress(hash)}</span>;
  return href ? <a href={href} target="_blank" rel="noreferrer">{text}</a> : text;
}

export function Amount({ value, decimals, symbol }: { value: bigint; decimals: number; symbol: string }) {
  return <span className="amount">{formatAmount(value, decimals, symbol)}</span>;
}

export function PhaseBadge({ phase }: { phase: PhaseName }) {
  return <span className={`badge phase-${phase}`}>{PHASE_LABEL[phase]}</span>;
}

export function ChainTime({ at }: { at: number }) {
  return <time dateTime={new Date(at * 1000).toISOString()}>{formatChainTime(at)}</time>;
}

export function Countdown({ to, now, prefix }: { to: number; now: number; prefix?: string }) {
  const left = to - now;
  return <span className="countdown">{prefix ? `${prefix} ` : ""}{left > 0 ? `in ${formatDuration(left)}` : `${formatDuration(-left)} ago`}</span>;
}

export function Timeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol className="timeline" aria-label="Auction timeline">
      {steps.map((s) => (
        <li key={s.key} className={`step step-${s.state}`} aria-current={s.state === "current" ? "step" : undefined}>
          <span className="step-dot" aria-hidden="true" />
          <span className="step-label">{s.label}</span>
          <span className="step-when">
            {s.start !== undefined ? <ChainTime at={s.start} /> : null}
            {s.start !== undefined && s.end !== undefined ? " → " : null}
            {s.end !== undefined ? <ChainTime at={s.end} /> : null}
          </span>
          <span className="step-note">{s.note}</span>
        </li>
      ))}
    </ol>
  );
}

export function Card({ title, children, className, id }: { title?: ReactNode; children: ReactNode; className?: string; id?: string }) {
  return (
    <section className={`card ${className ?? ""}`} aria-labelledby={id ? `${id}-title` : undefined} id={id}>
      {title ? <h2 id={id ? `${id}-title` : undefined}>{title}</h2> : null}
      {children}
    </section>
  );
}

export function Problems({ items, id }: { items: string[]; id?: string }) {
  if (items.length === 0) return null;
  return (
    <div className="problems" role="alert" id={id}>
      {items.map((p) => <p key={p}>{p}</p>)}
    </div>
  );
}

export function Note({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "warn" | "ok" }) {
  return <div className={`note note-${tone}`}>{children}</div>;
}

export function download(filename: string, text: string, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
