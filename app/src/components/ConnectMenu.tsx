"use client";
import { useEffect, useId, useRef, useState } from "react";
import { useConnect, useConnection, useConnectors, useDisconnect, useSwitchChain } from "wagmi";
import { appChains, chainById } from "@/config/chains";
import { shortAddress } from "@/core/format";
import { describeTxError } from "@/core/tx-errors";

/**
 * Wallet menu built on wagmi's connectors: every EIP-6963 wallet by its announced name and icon (the generic
 * "Injected" entry only when no wallet announced itself), the account and chain once connected, chain switching.
 */
export function ConnectMenu() {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const { address, chainId, status, connector } = useConnection();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === "Escape") setOpen(false); };
    const onClick = (e: MouseEvent) => { if (root.current && !root.current.contains(e.target as Node)) setOpen(false); };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => { document.removeEventListener("keydown", onKey); document.removeEventListener("mousedown", onClick); };
  }, [open]);

  const announced = connectors.filter((c) => c.type === "injected" && c.id !== "injected");
  const shown = connectors.filter((c) => !(c.id === "injected" && announced.length > 0));
  const chain = chainById(chainId);
  const connected = status === "connected" && address;

  const onError = (e: unknown) => {
    const p = describeTxError(e);
    setError(p.kind === "rejected" ? "You cancelled in your wallet." : p.message);
  };

  return (
    <div className="connect" ref={root}>
      <button
        type="button"
        className={`btn ${connected ? "btn-quiet" : "btn-primary"}`}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => { setOpen(!open); setError(null); }}
        data-testid="wallet-button"
      >
        {connected ? (
          <>
            {connector?.icon ? <img src={connector.icon} alt="" width={18} height={18} /> : null}
            <span className="mono">{shortAddress(address)}</span>
            <span className={`chip ${chain ? "" : "chip-bad"}`}>{chain ? chain.name : `chain ${chainId}`}</span>
          </>
        ) : status === "connecting" || status === "reconnecting" ? "Connecting…" : "Connect wallet"}
      </button>
      {open ? (
        <div className="menu" id={menuId} role="group" aria-label="Wallet">
          {connected ? (
            <>
              <p className="menu-head">
                Connected with {connector?.name ?? "a wallet"} as <span className="mono" data-testid="connected-account">{address}</span>
              </p>
              <p className="menu-sub">Network</p>
              <ul className="menu-list">
                {appChains.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="menu-item"
                      aria-pressed={c.id === chainId}
                      disabled={switchChain.isPending}
                      onClick={() => switchChain.mutate({ chainId: c.id }, { onError })}
                    >
                      {c.name} <span className="muted">({c.id})</span>{c.id === chainId ? " ✓" : ""}
                    </button>
                  </li>
                ))}
              </ul>
              <button type="button" className="btn btn-quiet" onClick={() => { disconnect.mutate(); setOpen(false); }}>Disconnect</button>
            </>
          ) : (
            <>
              <p className="menu-head">Choose a wallet</p>
              {shown.length === 0 ? (
                <p className="muted">No browser wallet found. Install one (e.g. a browser extension) and reload.</p>
              ) : (
                <ul className="menu-list">
                  {shown.map((c) => (
                    <li key={c.uid}>
                      <button
                        type="button"
                        className="menu-item"
                        disabled={connect.isPending}
                        onClick={() => connect.mutate({ connector: c }, { onSuccess: () => setOpen(false), onError })}
                      >
                        {c.icon ? <img src={c.icon} alt="" width={22} height={22} /> : <span className="icon-blank" aria-hidden="true" />}
                        {c.id === "injected" ? "Browser wallet" : c.name}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {error ? <p className="problems" role="alert">{error}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
