"use client";
import { useMemo, useState } from "react";
import { useSignTypedData } from "wagmi";
import { erc20Abi, type Hex } from "viem";
import { bidCommitment, randomSalt, ZERO_ADDRESS } from "../../../../../../lib/auction.js";
import { bidderOf, positionOf } from "../../../../../../lib/history.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../../../../../../lib/receipt.js";
import { openingTimeOf, sealOpening } from "../../../../../../lib/timelock.js";
import { auctionHouseAbi } from "@/generated/config";
import { Card, ChainTime, download, Note, Problems } from "@/components/bits";
import { ShillVerdict } from "@/components/ShillVerdict";
import { TxStatus } from "@/components/TxStatus";
import { checkCommit, suggestDeposit } from "@/core/deposit";
import { formatAmount, parseAmount } from "@/core/format";
import { saltFromSignature, saltTypedData } from "@/core/salt-recovery";
import { describeTxError } from "@/core/tx-errors";
import { useSecrets } from "@/hooks/useSecrets";
import { beaconFor } from "@/config/chains";
import { useTransactor } from "@/hooks/useTransactor";
import { fmtPay, type AuctionCtx } from "./context";

/**
 * Commit (or replace) a sealed bid. The secret is saved to this browser after the simulation succeeds and
 * before the wallet is asked; the receipt can be downloaded right away.
 */
export function CommitPanel({ ctx }: { ctx: AuctionCtx }) {
  const { vault } = useSecrets();
  const tx = useTransactor();
  const approveTx = useTransactor();
  const sign = useSignTypedData();
  const [bidText, setBidText] = useState("");
  const [depositText, setDepositText] = useState("");
  const [saltMode, setSaltMode] = useState<"random" | "signature">("random");
  const [selfOpening, setSelfOpening] = useState(false);
  const [hideDeposit, setHideDeposit] = useState(false);
  const [sealing, setSealing] = useState(false);
  const beacon = beaconFor(ctx.chainId);
  const opensAt = openingTimeOf(ctx.terms);
  const [problems, setProblems] = useState<string[]>([]);
  const [lastReceipt, setLastReceipt] = useState<BidReceipt | null>(null);

  const { decimals, symbol } = ctx.payment;
  const eth = ctx.terms.paymentToken === ZERO_ADDRESS;
  const current = ctx.account ? bidderOf(ctx.history, ctx.account) : undefined;
  const replacing = current !== undefined;
  // Rule 16: a hidden position stays hidden when replaced (the contract keeps its mark), a plain one plain.
  const hidden = replacing ? current.hidden : hideDeposit;
  const bid = parseAmount(bidText, decimals);
  const depositInput = depositText.trim() === "" ? (replacing ? 0n : hidden ? ctx.terms.bond : null) : parseAmount(depositText, decimals);
  // Replacing: the input is what to add; the total is what counts against bid and bond. A new hidden
  // commitment posts exactly the bond.
  const totalDeposit = depositInput === null ? null : replacing ? current.deposit + depositInput : hidden ? ctx.terms.bond : depositInput;
  const suggestion = bid !== null && bid > 0n && !hidden ? suggestDeposit(bid, ctx.terms.bond) : null;
  const suggestedInput = suggestion === null ? null : replacing ? (suggestion > current.deposit ? suggestion - current.deposit : 0n) : suggestion;
  const needed = replacing ? depositInput ?? 0n : hidden ? ctx.terms.bond : depositInput ?? 0n;
  const allowance = ctx.accountView?.allowance ?? null;
  const needsApproval = !eth && allowance !== null && needed > 0n && allowance < needed;
  const check = useMemo(
    () => checkCommit({ bid, deposit: totalDeposit, bond: ctx.terms.bond, floorReserve: ctx.terms.floorReserve, decimals, symbol, balance: undefined, hidden }),
    [bid, totalDeposit, ctx.terms.bond, ctx.terms.floorReserve, decimals, symbol, hidden],
  );

  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    tx.reset();
    const errors = [...check.errors];
    if (hidden && !replacing && depositText.trim() !== "") errors.push(`A hidden deposit posts only the bond (${fmt(ctx.terms.bond)}): the rest goes to your vault after the commit.`);
    if (depositText.trim() !== "" && depositInput === null) errors.push(`"${depositText}" is not an amount of ${symbol}.`);
    if (bidText.trim() !== "" && bid === null) errors.push(`"${bidText}" is not an amount of ${symbol}.`);
    const balance = ctx.accountView?.balance;
    if (balance !== undefined && needed > balance) errors.push(`Your balance (${fmt(balance)}) does not cover the ${replacing ? "added " : ""}deposit of ${fmt(needed)}.`);
    if (needsApproval) errors.push(`Approve the auction contract to take ${fmt(needed)} of your ${symbol} first.`);
    setProblems(errors);
    if (errors.length > 0 || bid === null || totalDeposit === null || !ctx.account) {
      if (!ctx.account) setProblems(["Connect a wallet first."]);
      return;
    }
    const account = ctx.account;
    let salt: Hex;
    if (saltMode === "signature") {
      try {
        const sig = await sign.mutateAsync(saltTypedData({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, role: "bid" }) as never);
        salt = saltFromSignature(sig);
      } catch (err) {
        setProblems([describeTxError(err).message]);
        return;
      }
    } else {
      // Replacing a hidden bid keeps its salt, hence its vault (the address depends on the salt, not the amount),
      // so what was sent there still counts.
      const stored = replacing && hidden ? vault.get({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, role: "bid" }, current.commitment) : null;
      salt = stored?.receipt.salt ?? randomSalt();
    }
    const receipt = makeReceipt({
      role: "bid", chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, amount: bid, salt, deposit: totalDeposit,
      ...(hidden ? { hidden: true } : {}),
    });
    const commitment = bidCommitment({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id }, account, bid, salt);
    const value = eth ? needed : 0n;
    // Self-opening: the opening is encrypted here, before anything is sent, to the round at which bids may be
    // opened; only the ciphertext leaves this browser (rule 16).
    let sealed: Hex | null = null;
    if (selfOpening) {
      if (!beacon) {
        setProblems(["No drand beacon is configured for this chain: a self-opening bid cannot be sealed here. Commit without it and reveal by hand."]);
        return;
      }
      setSealing(true);
      try {
        sealed = await sealOpening(beacon, opensAt, bid, salt);
      } catch (err) {
        setProblems([`Could not seal the opening with the drand beacon (${beacon.url}): ${(err as Error).message}. Nothing was sent.`]);
        return;
      } finally {
        setSealing(false);
      }
    }
    const position = replacing ? positionOf(ctx.history, account)! : null;
    const house = ctx.deployment.auctionHouse;
    const call = sealed
      ? position
        ? { address: house, abi: auctionHouseAbi, functionName: "recommitSelfOpening", args: [ctx.id, position, commitment, needed, sealed], value }
        : { address: house, abi: auctionHouseAbi, functionName: "commitSelfOpening", args: [ctx.id, commitment, totalDeposit, sealed], value }
      : position
        ? { address: house, abi: auctionHouseAbi, functionName: "recommit", args: [ctx.id, position, commitment, needed], value }
        : { address: house, abi: auctionHouseAbi, functionName: "commit", args: [ctx.id, commitment, totalDeposit], value };
    const hiddenCall = hidden && !position
      ? sealed
        ? { address: house, abi: auctionHouseAbi, functionName: "commitHiddenSelfOpening", args: [ctx.id, commitment, sealed], value }
        : { address: house, abi: auctionHouseAbi, functionName: "commitHidden", args: [ctx.id, commitment], value }
      : null;
    await tx.send(replacing ? "Replace bid" : "Commit bid", hiddenCall ?? call, {
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
    <Card title={replacing ? "Replace or top up your bid" : "Place a sealed bid"} id="commit">
      <form onSubmit={submit} noValidate aria-describedby="commit-visibility">
        <ShillVerdict credibility={ctx.credibility} testId="commit-shill-verdict" compact />
        <div className="field">
          <label htmlFor="bid">Your bid ({symbol})</label>
          <input id="bid" type="text" inputMode="decimal" autoComplete="off" value={bidText} onChange={(e) => setBidText(e.target.value)} placeholder="e.g. 1.25" />
          <p className="hint">{ctx.terms.format === 0 ? "Second price: bidding your true value is your best strategy; the winner pays the second-highest bid." : "First price: the winner pays its own bid."}</p>
        </div>
        <fieldset>
          <legend>Deposit</legend>
          <label className="checkbox">
            <input type="checkbox" checked={hidden} onChange={(e) => setHideDeposit(e.target.checked)} data-testid="hide-deposit" disabled={replacing} />{" "}
            Hide my deposit: post only the bond now, send the rest to a vault nobody can link to this bid
          </label>
          <p className="hint" data-testid="hide-deposit-explained">
            {replacing && hidden ? "Your bid has a hidden deposit; a replacement keeps it hidden and keeps its vault." : replacing ? "A replacement keeps your deposit public (only a first commitment can hide it)." : <>
              With a hidden deposit everyone sees the same bond ({fmt(ctx.terms.bond)}) for every bidder, so your deposit says nothing about your bid.
              After the commit you send the rest of your collateral to your bid&apos;s vault: an address computed from your secret, which nobody else can compute.
              Your bid counts when the bond plus what the vault holds at the opening covers it.
            </>}
          </p>
        </fieldset>
        {hidden && !replacing ? null : <div className="field">
          <label htmlFor="deposit">{replacing ? `Add to your deposit (${symbol}); current deposit ${fmt(current.deposit)}` : `Deposit (${symbol})`}</label>
          <div className="input-row">
            <input id="deposit" type="text" inputMode="decimal" autoComplete="off" value={depositText} onChange={(e) => setDepositText(e.target.value)} placeholder={suggestedInput !== null ? formatAmount(suggestedInput, decimals, "").trim() : `at least ${fmt(ctx.terms.bond)}`} />
            {suggestedInput !== null && suggestedInput > 0n ? (
              <button type="button" className="btn btn-small" onClick={() => setDepositText(formatAmount(suggestedInput, decimals, "", decimals).trim().replace(/,/g, ""))}>
                Use {fmt(suggestedInput)}
              </button>
            ) : null}
          </div>
          <p className="hint">
            {hidden ? "Optional: a public top-up adds to the bond, in view of everyone; your vault stays where it is." : <>At least your bid and at least the bond ({fmt(ctx.terms.bond)}).</>}{" "}
            {hidden ? null : suggestion !== null ? <>Suggested: {fmt(suggestion)} total: your bid plus 25 %, rounded up to a coarse step so the deposit reveals little.</> : "Pad it above your bid so it reveals little."}
          </p>
        </div>}
        <fieldset>
          <legend>Bid secret</legend>
          <label className="radio"><input type="radio" name="salt" checked={saltMode === "random"} onChange={() => setSaltMode("random")} /> Random secret, saved in this browser and in a receipt you download</label>
          <label className="radio"><input type="radio" name="salt" checked={saltMode === "signature"} onChange={() => setSaltMode("signature")} /> Derived from a wallet signature: recoverable on any device by signing again (you must remember your bid)</label>
        </fieldset>
        <fieldset>
          <legend>Opening</legend>
          <label className="checkbox">
            <input type="checkbox" checked={selfOpening} onChange={(e) => setSelfOpening(e.target.checked)} data-testid="self-opening" disabled={!beacon} />{" "}
            Seal until opening time: my bid opens itself, I need not come back
          </label>
          <p className="hint" data-testid="self-opening-explained">
            {beacon ? <>
              Your bid and secret are encrypted in this browser to the drand beacon round of <ChainTime at={opensAt} /> (when bids may be opened) and published with your commitment.
              Nobody — not the seller, not this site, not you — can read it before then; from then on anyone can decrypt it and open your bid for you.
              This trusts drand&apos;s threshold network (many independent operators) not to release that round early.
              It does not replace your secret: keep the receipt, which opens the bid by hand if anything goes wrong.
            </> : "No drand beacon is configured for this chain."}
          </p>
        </fieldset>
        <Note>
          <p id="commit-visibility">
            <strong>What others will see:</strong> your address, that you bid, and {hidden
              ? <>the bond of <strong>{fmt(totalDeposit ?? ctx.terms.bond)}</strong>, the same for every hidden deposit: nothing about your bid (unless your vault&apos;s funding can be traced to you)</>
              : <>your deposit of {totalDeposit !== null ? <strong>{fmt(totalDeposit)}</strong> : "…"}: an upper bound on your bid</>}{selfOpening ? ", and a ciphertext of your opening" : ""}. <strong>What stays hidden</strong> until {selfOpening ? "the opening time" : "you open it in the reveal window"}: your bid amount.
            If {selfOpening ? "nobody opens" : "you do not open"} it in time, you lose the bond ({fmt(ctx.terms.bond)}), which is burned.
          </p>
        </Note>
        {check.warnings.length > 0 ? <div className="warnings">{check.warnings.map((w) => <p key={w}>{w}</p>)}</div> : null}
        <Problems items={problems} id="commit-problems" />
        <div className="actions">
          {needsApproval ? (
            <button type="button" className="btn" disabled={approveTx.busy}
              onClick={() => approveTx.send(`Approve ${symbol}`, { address: ctx.terms.paymentToken, abi: erc20Abi, functionName: "approve", args: [ctx.deployment.auctionHouse, needed] })}>
              Approve {fmt(needed)}
            </button>
          ) : null}
          <button type="submit" className="btn btn-primary" disabled={tx.busy || sign.isPending || sealing}>{sealing ? "Sealing…" : replacing ? "Replace bid" : "Commit bid"}</button>
        </div>
        <TxStatus state={approveTx.state} />
        <TxStatus state={tx.state} />
        {lastReceipt && tx.state.stage !== "rejected" && tx.state.stage !== "failed" ? (
          <Note tone="ok">
            <p>Your secret for this bid ({fmtPay(ctx, lastReceipt.amount)}) is saved in this browser. Keep a copy too: anyone with it can open your bid (which only ever counts for you){lastReceipt.hidden ? ", and it is the only way to find your vault" : ""}.</p>
            {lastReceipt.hidden ? <p data-testid="fund-next">Next: fund your vault (&ldquo;Hidden deposit&rdquo;, above), from another account and not right away.</p> : null}
            <button type="button" className="btn btn-small" data-testid="download-receipt"
              onClick={() => download(`bid-receipt-auction-${ctx.id}-${lastReceipt.account.slice(0, 8)}.json`, serializeReceipt(lastReceipt))}>
              Download bid receipt
            </button>
          </Note>
        ) : null}
      </form>
    </Card>
  );
}
