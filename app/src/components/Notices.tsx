"use client";
import Link from "next/link";
import { useState } from "react";
import { usePublicClient, useSwitchChain } from "wagmi";
import { useQueryClient } from "@tanstack/react-query";
import { demoFor } from "@/config/chains";
import { advanceTime, faucet } from "@/chain/local-dev";
import { formatChainTime } from "@/core/format";
import { formatDuration } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useChainTime } from "@/hooks/useChainTime";
import { useMyBids } from "@/hooks/useMyBids";
import { useRpcHealth } from "@/hooks/useRpcHealth";

/** Site-wide notices under the header: wrong network, pending reveals, and the local chain's controls. */
export function Notices() {
  const health = useRpcHealth();
  return (
    <div className="notices">
      {health.up ? null : (
        <div className="banner banner-bad" role="alert" data-testid="rpc-unavailable">
          <p>{health.message}</p>
        </div>
      )}
      <NetworkNotice />
      {/* Reveal deadlines and chain time come from the node: hidden while it does not answer. */}
      {health.up ? <PendingRevealsBanner /> : null}
      {health.up ? <DevBar /> : null}
    </div>
  );
}

function NetworkNotice() {
  const app = useAppChain();
  const switchChain = useSwitchChain();
  const [error, setError] = useState<string | null>(null);
  if (!app.wrongNetwork) return null;
  return (
    <div className="banner banner-bad" role="alert" data-testid="wrong-network">
      <p>
        Your wallet is on chain {app.walletChainId}, where this app has no auction contract. Transactions are blocked until you
        switch to {app.chain.name} ({app.chainId}).
      </p>
      <button type="button" className="btn btn-primary" disabled={switchChain.isPending}
        onClick={() => switchChain.mutate({ chainId: app.chainId }, { onError: (e) => setError(e.message.split("\n")[0]) })}>
        Switch to {app.chain.name}
      </button>
      {error ? <p>{error}</p> : null}
    </div>
  );
}

function PendingRevealsBanner() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data } = useMyBids();
  // A self-opening bid waits ("it will open itself"): only bids that need their owner are urgent.
  const urgent = (data ?? []).filter((s) => s.step.urgency === "act" && (s.step.action === "reveal" || s.step.action === "open-reserve"));
  if (urgent.length === 0 || now === null) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="pending-reveals">
      <p>
        <strong>{urgent.length === 1 ? "You have a sealed bid to open." : `You have ${urgent.length} sealed bids to open.`}</strong>{" "}
        {urgent.map((s) => (
          <span key={`${s.secret.receipt.auctionId}-${s.secret.receipt.role}`}>
            <Link href={`/auctions/${s.secret.receipt.auctionId}`}>
              Auction #{s.secret.receipt.auctionId.toString()}{s.secret.receipt.role === "reserve" ? " (your sealed reserve)" : ""}
            </Link>
            : {s.secret.receipt.role === "reserve" ? "its window" : "the reveal window"} closes in {formatDuration((s.step.deadline ?? s.revealEnd) - now)}.{" "}
          </span>
        ))}
        Unopened bids forfeit their bond.
      </p>
      <Link className="btn btn-primary" href="/my-bids">My bids</Link>
    </div>
  );
}

function DevBar() {
  const app = useAppChain();
  const { now, blockNumber } = useChainTime(app.chainId);
  const client = usePublicClient({ chainId: app.chainId });
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!app.local || !client) return null;
  const demo = demoFor(app.chainId);
  const run = async (label: string, f: () => Promise<string>) => {
    setBusy(true);
    setMessage(`${label}…`);
    try {
      setMessage(await f());
      await queryClient.invalidateQueries();
    } catch (e) {
      setMessage(`${label} failed: ${(e as Error).message.split("\n")[0]}`);
    } finally {
      setBusy(false);
    }
  };
  const advance = (seconds: number) => run(`Advancing ${formatDuration(seconds)}`, async () => {
    await advanceTime(client, seconds);
    return `Chain time moved ${formatDuration(seconds)} forward.`;
  });
  return (
    <div className="devbar" role="region" aria-label="Local chain controls">
      <span className="devbar-info">
        <strong>Local chain</strong> · block {blockNumber?.toString() ?? "…"} · chain time{" "}
        <span data-testid="chain-time" title="The latest block's time: on this chain it moves when a block is mined.">{now ? formatChainTime(now) : "…"}</span>
      </span>
      <span className="devbar-actions">
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => advance(3600)}>+1 hour</button>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => advance(86400)}>+1 day</button>
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => advance(0)}>Mine a block</button>
        {demo ? (
          <button type="button" className="btn btn-small" disabled={busy || !app.account}
            title={app.account ? undefined : "Connect a wallet first"}
            onClick={() => run("Faucet", async () => {
              const id = await faucet(client, demo, app.account!);
              return `Sent 10 ETH, 1,000 ${demo.tokenSymbol}, demo NFT #${id}${demo.erc1155 ? ` and 5 copies of ERC-1155 #${demo.erc1155Id}` : ""} to your account.`;
            })}>
            Faucet
          </button>
        ) : null}
      </span>
      {message ? <span className="devbar-msg" role="status">{message}</span> : null}
    </div>
  );
}
