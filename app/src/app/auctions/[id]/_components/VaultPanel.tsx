"use client";
import { useEffect, useState } from "react";
import { erc20Abi, getAddress, isAddress, type Address } from "viem";
import { ZERO_ADDRESS } from "../../../../../../lib/auction.js";
import { bidderOf } from "../../../../../../lib/history.js";
import { openingTimeOf } from "../../../../../../lib/timelock.js";
import { recoverableFromVault, vaultAddress, vaultStanding } from "../../../../../../lib/vault.js";
import { auctionHouseAbi } from "@/generated/config";
import { Card, ChainTime, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { formatAmount, parseAmount } from "@/core/format";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";
import { useVaultHoldings } from "@/hooks/useVault";
import { fmtPay, same, type AuctionCtx } from "./context";

/** An amount as the funding form reads it back (no grouping, no symbol). */
const plainAmount = (ctx: AuctionCtx, v: bigint) => formatAmount(v, ctx.payment.decimals, "", ctx.payment.decimals).trim().replace(/,/g, "");

/** The link that opens this auction's page with the funding form filled in: for the bidder's other account. */
function fundingLink(ctx: AuctionCtx, vault: Address, amount: bigint): string {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return `${origin}/auctions/${ctx.id}?fund=${vault}${amount > 0n ? `&amount=${plainAmount(ctx, amount)}` : ""}`;
}

/**
 * How to fund a hidden deposit's vault (rule 16), shown to its bidder under the vault's address: the advice that
 * keeps it unlinkable (another account, some delay), the link for that account, and a last-resort button here.
 */
export function VaultFunding({ ctx, vault, shortBy }: { ctx: AuctionCtx; vault: Address; shortBy: bigint }) {
  const [copied, setCopied] = useState(false);
  const [fundHere, setFundHere] = useState(false);
  const link = fundingLink(ctx, vault, shortBy);
  return (
    <div className="vault-funding" data-testid="vault-funding">
      {shortBy > 0n ? <p>Send your vault at least <strong data-testid="vault-short">{fmtPay(ctx, shortBy)}</strong>.</p> : null}
      <p className="hint">
        Send the rest of your collateral to this address by a plain transfer of {ctx.payment.symbol} <strong>from another account</strong>, and not right
        after your commit: a transfer from this account, or one seconds after it, links the vault to your bid for anyone watching.
        It must arrive before the bid is opened (from <ChainTime at={openingTimeOf(ctx.terms)} />); the opening counts what the vault holds then,
        and anything that arrives later is yours again after the auction.
      </p>
      <div className="actions">
        <button type="button" className="btn btn-small" data-testid="copy-funding-link"
          onClick={() => navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}>
          {copied ? "Link copied" : "Copy the funding link"}
        </button>
        <a className="btn btn-small" href={link} target="_blank" rel="noreferrer" data-testid="funding-link">Open it (then switch accounts)</a>
        <button type="button" className="btn btn-small" onClick={() => setFundHere((v) => !v)}>Fund from this account anyway</button>
      </div>
      {fundHere ? <FundVaultForm ctx={ctx} vault={vault} amount={shortBy} linkedWarning /> : null}
    </div>
  );
}

/** A plain transfer of the payment asset to a vault address, from whatever account is connected. */
function FundVaultForm({ ctx, vault, amount, linkedWarning }: { ctx: AuctionCtx; vault: Address; amount: bigint; linkedWarning?: boolean }) {
  const tx = useTransactor();
  const [amountText, setAmountText] = useState(amount > 0n ? plainAmount(ctx, amount) : "");
  const [problems, setProblems] = useState<string[]>([]);
  const eth = ctx.terms.paymentToken === ZERO_ADDRESS;
  const fund = async () => {
    const value = parseAmount(amountText, ctx.payment.decimals);
    const errors: string[] = [];
    if (value === null || value <= 0n) errors.push(`Enter an amount of ${ctx.payment.symbol} greater than zero.`);
    const balance = ctx.accountView?.balance;
    if (value !== null && balance !== undefined && value > balance) errors.push(`This account's balance (${fmtPay(ctx, balance)}) does not cover ${fmtPay(ctx, value)}.`);
    setProblems(errors);
    if (errors.length > 0 || value === null) return;
    await tx.send(
      "Fund vault",
      eth ? { to: vault, value } : { address: ctx.terms.paymentToken, abi: erc20Abi, functionName: "transfer", args: [vault, value] },
      { formatAmount: (v) => fmtPay(ctx, v) },
    );
  };
  const bidsHere = Boolean(ctx.account && bidderOf(ctx.history, ctx.account));
  return (
    <div className="field" data-testid="fund-vault-form">
      <label htmlFor="fund-amount">Send to <span className="mono">{vault}</span> ({ctx.payment.symbol})</label>
      <div className="input-row">
        <input id="fund-amount" type="text" inputMode="decimal" autoComplete="off" value={amountText} onChange={(e) => setAmountText(e.target.value)} />
        <button type="button" className="btn btn-primary" disabled={tx.busy} onClick={fund} data-testid="fund-vault">Send</button>
      </div>
      {linkedWarning || bidsHere ? (
        <p className="hint warn" data-testid="fund-linked-warning">
          {linkedWarning ? "This is your bidding account: a transfer from it to the vault is public and ties the vault to your bid." : "This account has a bid in this auction: if this is its own vault, the transfer ties the two together."}
        </p>
      ) : (
        <p className="hint">A plain transfer: nothing on chain says whose bid this vault belongs to.</p>
      )}
      <Problems items={problems} />
      <TxStatus state={tx.state} />
    </div>
  );
}

/**
 * The funding form opened from a funding link (`?fund=VAULT&amount=X`): any account can pay a vault. The page
 * cannot tell whose it is; nobody can without the bid's secret.
 */
export function FundVaultPanel({ ctx }: { ctx: AuctionCtx }) {
  const [target, setTarget] = useState<{ vault: Address | null; raw: string; amount: bigint } | null>(null);
  useEffect(() => {
    const q = new URLSearchParams(window.location.search);
    const raw = q.get("fund");
    if (raw === null) return;
    const amount = parseAmount(q.get("amount") ?? "", ctx.payment.decimals) ?? 0n;
    setTarget({ vault: isAddress(raw) ? getAddress(raw) : null, raw, amount });
  }, [ctx.payment.decimals]);
  if (target === null) return null;
  const open = ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing";
  return (
    <Card title="Fund a hidden deposit" id="fund-vault">
      {target.vault === null ? (
        <Note tone="warn"><p>&ldquo;{target.raw}&rdquo; in this link is not an address: nothing can be sent.</p></Note>
      ) : (
        <>
          <p>A bidder in this auction asked for its collateral to be sent to this vault. Only the bid&apos;s secret connects the two.</p>
          {open ? null : <Note tone="warn"><p>Bids can no longer be opened in this auction: what reaches a vault now counts for no bid (its bidder can recover it).</p></Note>}
          {ctx.account ? <FundVaultForm ctx={ctx} vault={target.vault} amount={target.amount} /> : <p className="muted">Connect the account that pays.</p>}
        </>
      )}
    </Card>
  );
}

/**
 * The connected bidder's vaults in this auction (from the secrets this browser keeps): what each holds against
 * the bid, how to fund it, and recovery after the auction of whatever the opening did not take.
 */
export function VaultPanel({ ctx }: { ctx: AuctionCtx }) {
  const { vault: secrets } = useSecrets();
  if (!ctx.account) return null;
  const account = ctx.account;
  const slot = { chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id, account, role: "bid" as const };
  const b = bidderOf(ctx.history, account);
  // Every salt this browser knows for the account names a vault; a replaced hidden bid kept its salt.
  const receipts = secrets.history(slot).map((s) => s.receipt).filter((r) => r.hidden || (b?.hidden && same(r.commitment, b.commitment)));
  const bySalt = new Map(receipts.map((r) => [r.salt.toLowerCase(), r]));
  const standing = b ? receipts.find((r) => same(r.commitment, b.commitment)) : undefined;
  if (standing) bySalt.set(standing.salt.toLowerCase(), standing);
  if (bySalt.size === 0) return null;
  return (
    <Card title="Hidden deposit" id="vault">
      {[...bySalt.values()].map((r) => <VaultRow key={r.salt} ctx={ctx} receipt={r} />)}
    </Card>
  );
}

function VaultRow({ ctx, receipt }: { ctx: AuctionCtx; receipt: { account: Address; salt: `0x${string}`; commitment: `0x${string}`; amount: bigint } }) {
  const tx = useTransactor();
  const vault = vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.deployment.auctionHouse, auctionId: ctx.id }, receipt.account, receipt.salt, ctx.terms.paymentToken);
  const { data: holds } = useVaultHoldings(vault, ctx.terms.paymentToken);
  const b = bidderOf(ctx.history, receipt.account);
  if (!holds) return <p className="muted" role="status">Reading vault {vault}…</p>;
  const standing = vaultStanding(b, receipt, holds.amount);
  const over = ctx.phase === "awaiting-settlement" || ctx.phase === "settled" || ctx.phase === "cancelled";
  const recoverable = recoverableFromVault(b, holds);
  const eth = (v: bigint) => formatAmount(v, 18, "ETH");
  const open = ctx.phase === "committing" || ctx.phase === "opening-reserve" || ctx.phase === "revealing";
  return (
    <div className="vault-row" data-testid="vault">
      <dl className="facts">
        <dt>Vault</dt><dd className="mono small" data-testid="vault-address">{vault}</dd>
        <dt>Holds now</dt><dd data-testid="vault-holds">{fmtPay(ctx, holds.amount)}{holds.ethAmount > 0n ? ` and ${eth(holds.ethAmount)} (not the payment asset: set aside for you at the opening)` : ""}</dd>
        <dt>Standing</dt>
        <dd data-testid="vault-standing">
          {standing.kind === "sealed" ? <>bond {fmtPay(ctx, b!.deposit)} + vault {fmtPay(ctx, holds.amount)} = {fmtPay(ctx, standing.covers)} against your bid of {fmtPay(ctx, receipt.amount)}: {standing.shortBy === 0n ? <strong>covered</strong> : <strong>short by {fmtPay(ctx, standing.shortBy)}</strong>}</>
            : standing.kind === "opened" ? <>opened: the sweep counted {fmtPay(ctx, standing.swept)}, so the bid was {standing.valid ? "valid" : "invalid"}{standing.fundedAfterOpening ? "; the vault was funded again after its opening" : ""}</>
            : standing.kind === "replaced" ? "an earlier commitment's vault: the standing bid's opening does not sweep it"
            : standing.kind === "plain" ? "your standing commitment has a public deposit: its opening sweeps no vault"
            : "no commitment in this auction"}
        </dd>
      </dl>
      {standing.kind === "sealed" && open ? <VaultFunding ctx={ctx} vault={vault} shortBy={standing.shortBy} /> : null}
      {over && (recoverable.amount > 0n || recoverable.ethAmount > 0n) ? (
        <div className="actions">
          <button type="button" className="btn btn-primary" disabled={tx.busy} data-testid="recover-vault"
            onClick={() => tx.send("Recover vault", { address: ctx.deployment.auctionHouse, abi: auctionHouseAbi, functionName: "recoverVault", args: [ctx.id, receipt.salt, receipt.account] }, { formatAmount: (v) => fmtPay(ctx, v) })}>
            Recover {fmtPay(ctx, recoverable.amount)}{recoverable.ethAmount > 0n ? ` and ${eth(recoverable.ethAmount)}` : ""} from the vault
          </button>
        </div>
      ) : null}
      <TxStatus state={tx.state} />
    </div>
  );
}
