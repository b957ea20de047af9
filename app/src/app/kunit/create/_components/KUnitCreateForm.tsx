"use client";
import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { erc20Abi, getAddress, isAddress, parseEventLogs, type Address } from "viem";
import { MAX_UNITS, randomSalt, reserveCommitment, ZERO_ADDRESS } from "../../../../../../lib/auction.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../../../../../../lib/receipt.js";
import { kUnitAuctionHouseAbi } from "@/generated/config";
import { demoFor } from "@/config/chains";
import { checkUnitLot, erc1155Abi, kunitHouseOf } from "@/chain/kunit";
import { ETH_META, paymentMeta } from "@/chain/reads";
import { Card, download, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { DEFAULT_RESERVE_SECONDS, DURATION_UNITS, type DurationUnit } from "@/core/create-form";
import { formatAmount, parseAmount } from "@/core/format";
import { buildUnitTerms, parseUnits, unitCreateProblems, unitLotAmount, type UnitCreateInput } from "@/core/kunit-create";
import { useAppChain } from "@/hooks/useAppChain";
import { useChainTime } from "@/hooks/useChainTime";
import { useSecrets } from "@/hooks/useSecrets";
import { useTransactor } from "@/hooks/useTransactor";

/**
 * Create a k-unit auction: k copies of one ERC-1155 id or an ERC-20 amount split into k equal units, uniform
 * price or pay-as-bid, no reserve, a public floor per unit or a sealed reserve (its secret saved in this browser
 * before the wallet is asked, and offered as a receipt, as the single-item form does). The lot is escrowed at
 * creation, so the seller approves the k-unit house first; the creation is simulated before the wallet is asked.
 */
export function KUnitCreateForm() {
  const app = useAppChain();
  const client = usePublicClient({ chainId: app.chainId });
  const { now, blockNumber } = useChainTime(app.chainId);
  const { vault } = useSecrets();
  const tx = useTransactor();
  const approveTx = useTransactor();
  const demo = demoFor(app.chainId);
  const k = kunitHouseOf(app.deployment);
  const house = k?.house;

  const [lotKind, setLotKind] = useState<"erc1155" | "erc20">("erc1155");
  const [lotToken, setLotToken] = useState<string>(demo?.erc1155 ?? "");
  const [lotIdText, setLotIdText] = useState<string>(demo?.erc1155Id ?? "");
  const [lotAmountText, setLotAmountText] = useState("");
  const [unitsText, setUnitsText] = useState("3");
  const [format, setFormat] = useState<"uniform-price" | "pay-as-bid">("uniform-price");
  const [payWith, setPayWith] = useState<"eth" | "erc20">("eth");
  const [payToken, setPayToken] = useState<string>(demo?.token ?? "");
  const [commitN, setCommitN] = useState("1");
  const [commitUnit, setCommitUnit] = useState<DurationUnit>("days");
  const [revealN, setRevealN] = useState("1");
  const [revealUnit, setRevealUnit] = useState<DurationUnit>("days");
  const [bondText, setBondText] = useState("0.05");
  const [reserve, setReserve] = useState<"none" | "public" | "sealed">("public");
  const [floorText, setFloorText] = useState("0.1");
  const [sealedText, setSealedText] = useState("");
  const [reserveN, setReserveN] = useState(String(DEFAULT_RESERVE_SECONDS / 60));
  const [reserveUnit, setReserveUnit] = useState<DurationUnit>("minutes");
  const [reserveReceipt, setReserveReceipt] = useState<BidReceipt | null>(null);
  const [checked, setChecked] = useState<{ key: string; problems: string[] }>({ key: "", problems: [] });
  const [created, setCreated] = useState<bigint | null>(null);

  const paymentAddress = (payWith === "eth" ? ZERO_ADDRESS : payToken) as Address;
  const payment = useQuery({
    queryKey: ["token-meta", app.chainId, paymentAddress, "payment"],
    queryFn: () => paymentMeta(client!, getAddress(paymentAddress)),
    enabled: Boolean(client && isAddress(paymentAddress, { strict: false })),
    staleTime: Infinity,
  }).data ?? (payWith === "eth" ? ETH_META : undefined);
  const lotTokenOk = isAddress(lotToken, { strict: false });
  const lotIdParsed = /^\d{1,78}$/.test(lotIdText.trim()) ? BigInt(lotIdText.trim()) : null;
  // An ERC-20 lot's amount is typed in whole tokens; its decimals come with the lot check.
  const lotDecimals = useQuery({
    queryKey: ["lot-decimals", app.chainId, lotToken],
    queryFn: () => client!.readContract({ address: getAddress(lotToken), abi: erc20Abi, functionName: "decimals" }).then(Number),
    enabled: Boolean(client && lotKind === "erc20" && lotTokenOk),
    staleTime: Infinity,
  }).data ?? 18;
  const lotAmount = lotKind === "erc20" ? parseAmount(lotAmountText, lotDecimals) : null;
  const units = parseUnits(unitsText);
  const escrow = units === null ? null : unitLotAmount({ lotKind, lotAmount }, units);
  const lot = useQuery({
    queryKey: ["unit-lot-check", app.chainId, house, app.account, lotKind, lotToken, lotIdParsed?.toString(), escrow?.toString(), blockNumber?.toString()],
    queryFn: () => checkUnitLot(client!, house!, app.account!, { kind: lotKind, token: getAddress(lotToken), id: lotIdParsed ?? 0n, amount: escrow ?? 0n }),
    enabled: Boolean(client && house && app.account && lotTokenOk && (lotKind === "erc20" || lotIdParsed !== null)),
    placeholderData: keepPreviousData,
  }).data;

  const decimals = payment?.decimals ?? 18;
  const symbol = payment?.symbol ?? "?";
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  const input: UnitCreateInput | null = app.account && now !== null ? {
    seller: app.account, lotKind, lotToken, lotId: lotIdParsed, lotAmount, unitsText, paymentToken: payWith === "eth" ? "" : payToken, format,
    commitSeconds: Number(commitN) * DURATION_UNITS[commitUnit], revealSeconds: Number(revealN) * DURATION_UNITS[revealUnit], reserveSeconds: Number(reserveN) * DURATION_UNITS[reserveUnit],
    bond: parseAmount(bondText, decimals), reserve,
    floor: reserve === "none" ? 0n : floorText.trim() === "" && reserve === "sealed" ? 0n : parseAmount(floorText, decimals),
    sealedReserve: reserve === "sealed" ? parseAmount(sealedText, decimals) : null, chainNow: now,
  } : null;
  const inputKey = JSON.stringify(input, (key, v) => (key === "chainNow" ? undefined : typeof v === "bigint" ? v.toString() : v));
  const problems = checked.key === inputKey ? checked.problems : [];

  const approveLot = () => {
    if (!house || !lotTokenOk) return;
    const token = getAddress(lotToken);
    void approveTx.send("Approve lot", lotKind === "erc1155"
      ? { address: token, abi: erc1155Abi, functionName: "setApprovalForAll", args: [house, true] }
      : { address: token, abi: erc20Abi, functionName: "approve", args: [house, escrow ?? 0n] });
  };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    tx.reset();
    const setProblems = (p: string[]) => setChecked({ key: inputKey, problems: p });
    if (!app.account || !input || !house || !client) return setProblems(["Connect a wallet first."]);
    // Holding and approval read afresh: what is on screen may be a block old.
    const fresh = lotTokenOk && units !== null ? await checkUnitLot(client, house, app.account, { kind: lotKind, token: getAddress(lotToken), id: lotIdParsed ?? 0n, amount: escrow ?? 0n }).catch(() => undefined) : undefined;
    const found = unitCreateProblems(input, fresh);
    if (payment === undefined) found.push("The payment token could not be read: is it an ERC-20 on this chain?");
    setProblems(found);
    if (found.length > 0) return;
    const account = app.account;
    let terms = buildUnitTerms(input);
    let receipt: BidReceipt | null = null;
    if (reserve === "sealed") {
      // Rule 6: the reserve binds the seller's own nonce at this house (only its sealed-reserve creations move
      // it), not the auction id; the receipt names the id expected now and is re-saved under the real one.
      const [nonce, nextId] = await Promise.all([
        client.readContract({ address: house, abi: kUnitAuctionHouseAbi, functionName: "reserveNonceOf", args: [account] }),
        client.readContract({ address: house, abi: kUnitAuctionHouseAbi, functionName: "nextAuctionId" }),
      ]);
      if (payWith === "erc20") {
        const allowance = await client.readContract({ address: getAddress(payToken), abi: erc20Abi, functionName: "allowance", args: [account, house] });
        if (allowance < input.bond!) return setProblems([`A sealed reserve deposits the bond (${fmt(input.bond!)}) with the creation: approve the k-unit house to take it first.`]);
      }
      receipt = makeReceipt({ role: "reserve", chainId: app.chainId, auctionHouse: house, auctionId: nextId, account, amount: input.sealedReserve!, salt: randomSalt(), nonce });
      terms = buildUnitTerms(input, { commitment: reserveCommitment({ chainId: app.chainId, auctionHouse: house, nonce }, account, input.sealedReserve!, receipt.salt), nonce });
    }
    const value = reserve === "sealed" && payWith === "eth" ? terms.bond : 0n;
    const hash = await tx.send("Create k-unit auction", { address: house, abi: kUnitAuctionHouseAbi, functionName: "create", args: [terms], value }, {
      formatAmount: fmt,
      beforePrompt: receipt ? () => { vault.save(receipt!, { status: "prepared", source: "created" }); setReserveReceipt(receipt); } : undefined,
    });
    if (hash) {
      const r = await client.getTransactionReceipt({ hash });
      const log = parseEventLogs({ abi: kUnitAuctionHouseAbi, logs: r.logs, eventName: "AuctionCreated" })[0];
      const id = log ? log.args.auctionId : receipt?.auctionId ?? null;
      if (receipt && id !== null) {
        const final = id === receipt.auctionId ? receipt : makeReceipt({ ...receipt, auctionId: id });
        vault.save(final, { status: "committed", source: "created", txHash: hash });
        setReserveReceipt(final);
      }
      setCreated(id);
    }
  }

  if (!k) return <Note tone="warn">No k-unit auction house is deployed on {app.chain.name} for this build.</Note>;
  return (
    <>
      <div className="page-head"><h1>Create a k-unit auction</h1><Link className="btn" href="/create">Single item instead</Link></div>
      <p className="lead">Sell k identical units, one per bidder, in one sealed-bid auction: the k highest valid bids at or above the reserve win.</p>
      <form onSubmit={submit} noValidate>
        <Card title="Units" id="lot">
          <fieldset>
            <legend>What the units are</legend>
            <label className="radio"><input type="radio" name="lot-kind" checked={lotKind === "erc1155"} onChange={() => setLotKind("erc1155")} /> ERC-1155: k copies of one token id</label>
            <label className="radio"><input type="radio" name="lot-kind" checked={lotKind === "erc20"} onChange={() => setLotKind("erc20")} /> ERC-20 tranche: an amount split into k equal units</label>
          </fieldset>
          <div className="field">
            <label htmlFor="unit-lot-token">Lot token contract</label>
            <input id="unit-lot-token" type="text" className="mono" value={lotToken} onChange={(e) => setLotToken(e.target.value.trim())} placeholder="0x…" />
          </div>
          {lotKind === "erc1155" ? (
            <div className="field">
              <label htmlFor="unit-lot-id">Token id</label>
              <input id="unit-lot-id" type="text" inputMode="numeric" value={lotIdText} onChange={(e) => setLotIdText(e.target.value)} />
            </div>
          ) : (
            <div className="field">
              <label htmlFor="unit-lot-amount">Total amount (tokens), split into the units</label>
              <input id="unit-lot-amount" type="text" inputMode="decimal" value={lotAmountText} onChange={(e) => setLotAmountText(e.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="unit-count">Units (k)</label>
            <input id="unit-count" type="text" inputMode="numeric" value={unitsText} onChange={(e) => setUnitsText(e.target.value)} />
            <p className="hint">1 to {MAX_UNITS}. Each bidder wins at most one unit.{lotKind === "erc20" && units !== null && lotAmount !== null && lotAmount % BigInt(units) === 0n ? ` Each unit: ${formatAmount(lotAmount / BigInt(units), lotDecimals, "tokens")}.` : ""}</p>
          </div>
          <p data-testid="unit-lot-status" className="small">
            {!lot ? "Enter the lot to see your holding." : !lot.kindOk ? (lotKind === "erc1155" ? "Not an ERC-1155 contract (ERC-165)." : "Not an ERC-20 contract.")
              : lotKind === "erc1155" ? `You hold ${lot.balance} copies of id ${lotIdText}${lot.approved ? " · approved for escrow" : " · not approved yet"}`
              : `You hold ${formatAmount(lot.balance, lotDecimals, "tokens")}${lot.approved ? " · approved for escrow" : " · not approved yet"}`}
          </p>
          {lot && lot.kindOk && !lot.approved ? (
            <div className="actions"><button type="button" className="btn" data-testid="approve-lot" disabled={approveTx.busy} onClick={approveLot}>Approve lot</button></div>
          ) : null}
          <TxStatus state={approveTx.state} />
        </Card>
        <Card title="Terms" id="create">
          <fieldset>
            <legend>Price</legend>
            <label className="radio"><input type="radio" name="unit-format" checked={format === "uniform-price"} onChange={() => setFormat("uniform-price")} /> Uniform price: every winner pays the highest losing bid (or the reserve)</label>
            <label className="radio"><input type="radio" name="unit-format" checked={format === "pay-as-bid"} onChange={() => setFormat("pay-as-bid")} /> Pay as bid: each winner pays its own bid</label>
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <label className="radio"><input type="radio" name="unit-pay" checked={payWith === "eth"} onChange={() => setPayWith("eth")} /> ETH</label>
            <label className="radio"><input type="radio" name="unit-pay" checked={payWith === "erc20"} onChange={() => setPayWith("erc20")} /> An ERC-20 token</label>
            {payWith === "erc20" ? (
              <div className="field">
                <label htmlFor="unit-pay-token">Payment token contract</label>
                <input id="unit-pay-token" type="text" className="mono" value={payToken} onChange={(e) => setPayToken(e.target.value.trim())} />
              </div>
            ) : null}
          </fieldset>
          <div className="field">
            <label htmlFor="unit-commit">Commit window</label>
            <div className="input-row">
              <input id="unit-commit" type="text" inputMode="numeric" value={commitN} onChange={(e) => setCommitN(e.target.value)} />
              <select aria-label="Commit window unit" value={commitUnit} onChange={(e) => setCommitUnit(e.target.value as DurationUnit)}>{Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}</select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="unit-reveal">Reveal window</label>
            <div className="input-row">
              <input id="unit-reveal" type="text" inputMode="numeric" value={revealN} onChange={(e) => setRevealN(e.target.value)} />
              <select aria-label="Reveal window unit" value={revealUnit} onChange={(e) => setRevealUnit(e.target.value as DurationUnit)}>{Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}</select>
            </div>
          </div>
          <div className="field">
            <label htmlFor="unit-bond">Bond ({symbol})</label>
            <input id="unit-bond" type="text" inputMode="decimal" value={bondText} onChange={(e) => setBondText(e.target.value)} />
            <p className="hint">The minimum deposit; a bid not opened in the reveal window forfeits it, and forfeited bonds are burned.</p>
          </div>
          <fieldset>
            <legend>Reserve</legend>
            <label className="radio"><input type="radio" name="unit-reserve" checked={reserve === "none"} onChange={() => setReserve("none")} /> No reserve</label>
            <label className="radio"><input type="radio" name="unit-reserve" checked={reserve === "public"} onChange={() => setReserve("public")} /> Public floor per unit, visible to all</label>
            <label className="radio"><input type="radio" name="unit-reserve" checked={reserve === "sealed"} onChange={() => setReserve("sealed")} /> Sealed reserve per unit, hidden until you open it</label>
            {reserve !== "none" ? (
              <div className="field">
                <label htmlFor="unit-floor">Public floor per unit ({symbol}){reserve === "sealed" ? ", optional" : ""}</label>
                <input id="unit-floor" type="text" inputMode="decimal" value={floorText} onChange={(e) => setFloorText(e.target.value)} />
              </div>
            ) : null}
            {reserve === "sealed" ? (
              <>
                <div className="field">
                  <label htmlFor="unit-sealed">Sealed reserve per unit ({symbol})</label>
                  <input id="unit-sealed" type="text" inputMode="decimal" value={sealedText} onChange={(e) => setSealedText(e.target.value)} />
                </div>
                <div className="field">
                  <label htmlFor="unit-reserve-window">Reserve window</label>
                  <div className="input-row">
                    <input id="unit-reserve-window" type="text" inputMode="numeric" value={reserveN} onChange={(e) => setReserveN(e.target.value)} />
                    <select aria-label="Reserve window unit" value={reserveUnit} onChange={(e) => setReserveUnit(e.target.value as DurationUnit)}>{Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}</select>
                  </div>
                  <p className="hint">After the commit window you open your reserve in this window, before any bid can be opened. Not opened in time, it is ignored and its bond ({fmt(input?.bond ?? 0n)}, deposited at creation) is burned.</p>
                </div>
              </>
            ) : null}
          </fieldset>
          <Problems items={problems} id="create-problems" />
          <div className="actions"><button type="submit" className="btn btn-primary" data-testid="create-submit" disabled={tx.busy}>Create k-unit auction</button></div>
          <TxStatus state={tx.state} />
          {reserveReceipt && tx.state.stage !== "rejected" && tx.state.stage !== "failed" ? (
            <Note tone="ok">
              <p>Your sealed reserve ({fmt(reserveReceipt.amount)}) is saved in this browser. Keep a copy too: you open it from its auction&apos;s page in the reserve window.</p>
              <button type="button" className="btn btn-small" data-testid="download-reserve-receipt"
                onClick={() => download(`reserve-receipt-kunit-${reserveReceipt.auctionId}.json`, serializeReceipt(reserveReceipt))}>Download reserve receipt</button>
            </Note>
          ) : null}
          {created !== null ? (
            <Note tone="ok"><p data-testid="created">k-unit auction #{created.toString()} is live. <Link href={`/kunit/${created}`}>Open its page</Link> to follow the bids.</p></Note>
          ) : null}
        </Card>
      </form>
    </>
  );
}
