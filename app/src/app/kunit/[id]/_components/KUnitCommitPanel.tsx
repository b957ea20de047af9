"use client";
import { useMemo, useState } from "react";
import { erc20Abi } from "viem";
import { bidCommitment, randomSalt, ZERO_ADDRESS } from "../../../../../../lib/auction.js";
import { kUnitBidderOf, kUnitPositionOf } from "../../../../../../lib/kunit-history.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../../../../../../lib/receipt.js";
import { kUnitAuctionHouseAbi } from "@/generated/config";
import { Card, download, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { checkCommit, suggestDeposit } from "@/core/deposit";
import { formatAmount, parseAmount } from "@/core/format";
import { unitFormatOf } from "@/core/kunit";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, type KUnitCtx } from "./context";

/**
 * Commit (or replace) a sealed bid for one unit: the same commitment and receipt as the single-item house
 * (lib/auction.ts, lib/receipt.ts), bound to the k-unit house's address. The secret is saved to this browser
 * after the simulation succeeds and before the wallet is asked.
 */
export function KUnitCommitPanel({ ctx }: { ctx: KUnitCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const approveTx = useTransactor();
  const [bidText, setBidText] = useState("");
  const [depositText, setDepositText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [lastReceipt, setLastReceipt] = useState<BidReceipt | null>(null);

  const { decimals, symbol } = ctx.payment;
  const eth = ctx.terms.paymentToken === ZERO_ADDRESS;
  const current = ctx.account ? kUnitBidderOf(ctx.history, ctx.account) : undefined;
  const replacing = current !== undefined;
  const bid = parseAmount(bidText, decimals);
  const depositInput = depositText.trim() === "" ? (replacing ? 0n : null) : parseAmount(depositText, decimals);
  // Replacing: the input is what to add; the total is what counts against bid and bond.
  const totalDeposit = depositInput === null ? null : replacing ? current.deposit + depositInput : depositInput;
  const suggestion = bid !== null && bid > 0n ? suggestDeposit(bid, ctx.terms.bond) : null;
  const suggestedInput = suggestion === null ? null : replacing ? (suggestion > current.deposit ? suggestion - current.deposit : 0n) : suggestion;
  const needed = depositInput ?? 0n;
  const allowance = ctx.accountView?.allowance ?? null;
  const needsApproval = !eth && allowance !== null && needed > 0n && allowance < needed;
  const check = useMemo(
    () => checkCommit({ bid, deposit: totalDeposit, bond: ctx.terms.bond, floorReserve: ctx.terms.floorReserve, decimals, symbol, balance: undefined }),
    [bid, totalDeposit, ctx.terms.bond, ctx.terms.floorReserve, decimals, symbol],
  );
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    tx.reset();
    const errors = [...check.errors];
    if (depositText.trim() !== "" && depositInput === null) errors.push(`"${depositText}" is not an amount of ${symbol}.`);
    if (bidText.trim() !== "" && bid === null) errors.push(`"${bidText}" is not an amount of ${symbol}.`);
    const balance = ctx.accountView?.balance;
    if (balance !== undefined && needed > balance) errors.push(`Your balance (${fmt(balance)}) does not cover the ${replacing ? "added " : ""}deposit of ${fmt(needed)}.`);
    if (needsApproval) errors.push(`Approve the k-unit house to take ${fmt(needed)} of your ${symbol} first.`);
    if (!ctx.account) errors.push("Connect a wallet first.");
    setProblems(errors);
    if (errors.length > 0 || bid === null || totalDeposit === null || !ctx.account) return;
    const account = ctx.account;
    const salt = randomSalt();
    const receipt = makeReceipt({ role: "bid", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: ctx.id, account, amount: bid, salt, deposit: totalDeposit });
    const commitment = bidCommitment({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: ctx.id }, account, bid, salt);
    const value = eth ? needed : 0n;
    const position = replacing ? kUnitPositionOf(ctx.history, account)! : null;
    const call = position
      ? { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "recommit", args: [ctx.id, position, commitment, needed], value }
      : { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "commit", args: [ctx.id, commitment, totalDeposit], value };
    await tx.send(replacing ? "Replace bid" : "Commit bid", call, {
      formatAmount: fmt,
      beforePrompt: () => {
        vault.save(receipt, { status: "prepared", source: "created" });
        setLastReceipt(receipt);
      },
      onConfirmed: (hash) => {
        vault.mark({ ...receipt }, receipt.commitment, "committed", hash);
        setBidText("");
        setDepositText("");
      },
    });
  }

  return (
    <Card title={replacing ? "Replace or top up your bid" : "Bid for one unit"} id="commit">
      <form onSubmit={submit} noValidate aria-describedby="commit-visibility">
        <div className="field">
          <label htmlFor="kunit-bid">Your bid for one unit ({symbol})</label>
          <input id="kunit-bid" type="text" inputMode="decimal" autoComplete="off" value={bidText} onChange={(e) => setBidText(e.target.value)} placeholder="e.g. 0.5" />
          <p className="hint">
            Each bidder wins at most one unit.{" "}
            {unitFormatOf(ctx.terms) === "uniform-price"
              ? "Uniform price: every winner pays the highest losing bid (or the reserve), so bidding your true value for a unit is your best strategy."
              : "Pay as bid: each winner pays its own bid."}
          </p>
        </div>
        <div className="field">
          <label htmlFor="kunit-deposit">{replacing ? `Add to your deposit (${symbol}); current deposit ${fmt(current.deposit)}` : `Deposit (${symbol})`}</label>
          <div className="input-row">
            <input id="kunit-deposit" type="text" inputMode="decimal" autoComplete="off" value={depositText} onChange={(e) => setDepositText(e.target.value)} placeholder={suggestedInput !== null ? formatAmount(suggestedInput, decimals, "").trim() : `at least ${fmt(ctx.terms.bond)}`} />
            {suggestedInput !== null && suggestedInput > 0n ? (
              <button type="button" className="btn btn-small" onClick={() => setDepositText(formatAmount(suggestedInput, decimals, "", decimals).trim().replace(/,/g, ""))}>Use {fmt(suggestedInput)}</button>
            ) : null}
          </div>
          <p className="hint">At least your bid and at least the bond ({fmt(ctx.terms.bond)}). Pad it above your bid so it reveals little.</p>
        </div>
        <Note>
          <p id="commit-visibility">
            <strong>What others will see:</strong> your address, that you bid, and your deposit of {totalDeposit !== null ? <strong>{fmt(totalDeposit)}</strong> : "…"}.
            <strong> What stays hidden</strong> until you open it in the reveal window: your bid. If you do not open it in time, you lose the bond ({fmt(ctx.terms.bond)}), which is burned.
          </p>
        </Note>
        {check.warnings.length > 0 ? <div className="warnings">{check.warnings.map((w) => <p key={w}>{w}</p>)}</div> : null}
        <Problems items={problems} id="commit-problems" />
        <div className="actions">
          {needsApproval ? (
            <button type="button" className="btn" disabled={approveTx.busy}
              onClick={() => approveTx.send(`Approve ${symbol}`, { address: ctx.terms.paymentToken, abi: erc20Abi, functionName: "approve", args: [ctx.house, needed] })}>
              Approve {fmt(needed)}
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={tx.busy}>{replacing ? "Replace bid" : "Commit bid"}</button>
        </div>
        <TxStatus state={approveTx.state} />
        <TxStatus state={tx.state} />
        {lastReceipt && tx.state.stage !== "rejected" && tx.state.stage !== "failed" ? (
          <Note tone="ok">
            <p>Your secret for this bid ({fmtPay(ctx, lastReceipt.amount)}) is saved in this browser. Keep a copy too: anyone with it can open your bid (which only ever counts for you).</p>
            <button type="button" className="btn btn-small" data-testid="download-receipt"
              onClick={() => download(`bid-receipt-kunit-${ctx.id}-${lastReceipt.account.slice(0, 8)}.json`, serializeReceipt(lastReceipt))}>
              Download bid receipt
            </button>
          </Note>
        ) : null}
      </form>
    </Card>
  );
}
