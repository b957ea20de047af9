"use client";
import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePublicClient } from "wagmi";
import { erc20Abi, erc721Abi, getAddress, isAddress, parseEventLogs, type Address } from "viem";
import { randomSalt, reserveCommitment, ZERO_ADDRESS } from "../../../../../lib/auction.js";
import { makeReceipt, serializeReceipt, type BidReceipt } from "../../../../../lib/receipt.js";
import { auctionHouseAbi } from "@/generated/config";
import { demoFor } from "@/config/chains";
import { checkLot, paymentMeta, ETH_META } from "@/chain/reads";
import { readTokenInfo } from "@/chain/tokens";
import { TokenBadge } from "@/components/TokenBadge";
import { tokenProblems } from "@/core/token-kind";
import { useTokenInfo } from "@/hooks/useTokenInfo";
import { Card, download, Note, Problems } from "@/components/bits";
import { TxStatus } from "@/components/TxStatus";
import { allowancesNeeded, buildTerms, createProblems, createValue, DEFAULT_RESERVE_SECONDS, DURATION_UNITS, type CreateInput, type DurationUnit, type ReserveChoice } from "@/core/create-form";
import { amount, bidOpeningSeconds, censorshipWarning, chainKindOf, createStart, describeAssumption, type ValueAssumptionInput } from "@/core/credible";
import { formatAmount, parseAmount } from "@/core/format";
import { formatDuration } from "@/core/phase";
import { useAppChain } from "@/hooks/useAppChain";
import { useChainTime } from "@/hooks/useChainTime";
import { useSecrets } from "@/hooks/useSecrets";
import { useShillCheck } from "@/hooks/useShillCheck";
import { useTransactor } from "@/hooks/useTransactor";
import type { CreatePrefill } from "../../lab/_lib/prefill";

/**
 * `prefill`: the mechanism lab's value assumption, format, public floor and bond. Without it the form starts
 * from the credible defaults for its default value assumption: second price, public reserve r*, bond f*.
 */
export function CreateForm({ prefill = {} }: { prefill?: CreatePrefill }) {
  const app = useAppChain();
  const client = usePublicClient({ chainId: app.chainId });
  const { now, blockNumber } = useChainTime(app.chainId);
  const { vault } = useSecrets();
  const tx = useTransactor();
  const approveTx = useTransactor();
  const demo = demoFor(app.chainId);

  const [lotKind, setLotKind] = useState<"erc721" | "erc20">("erc721");
  const [lotToken, setLotToken] = useState<string>(demo?.nft ?? "");
  const [lotText, setLotText] = useState("");
  const [payWith, setPayWith] = useState<"eth" | "erc20">("eth");
  const [payToken, setPayToken] = useState<string>(demo?.token ?? "");
  const [start] = useState(() => createStart(prefill));
  const [assumption, setAssumption] = useState<ValueAssumptionInput>(start.assumption);
  const [format, setFormat] = useState<"second-price" | "first-price">(start.format);
  const [commitN, setCommitN] = useState("2");
  const [commitUnit, setCommitUnit] = useState<DurationUnit>("days");
  const [revealN, setRevealN] = useState("1");
  const [revealUnit, setRevealUnit] = useState<DurationUnit>("days");
  const [reserveN, setReserveN] = useState(String(DEFAULT_RESERVE_SECONDS / 60));
  const [reserveUnit, setReserveUnit] = useState<DurationUnit>("minutes");
  const [bondText, setBondText] = useState(start.bondText);
  const [reserve, setReserve] = useState<ReserveChoice>(start.reserve);
  const [floorText, setFloorText] = useState(start.floorText);
  const [sealedText, setSealedText] = useState("");
  // Problems found on submit, kept with the input they were found for: an edit makes them stale, so they hide.
  const [checked, setChecked] = useState<{ key: string; problems: string[] }>({ key: "", problems: [] });
  const [created, setCreated] = useState<bigint | null>(null);
  const [reserveReceipt, setReserveReceipt] = useState<BidReceipt | null>(null);

  const house = app.deployment?.auctionHouse;
  const paymentAddress = (payWith === "eth" ? ZERO_ADDRESS : payToken) as Address;
  const payment = useQuery({
    queryKey: ["token-meta", app.chainId, paymentAddress, "payment"],
    queryFn: () => paymentMeta(client!, getAddress(paymentAddress)),
    enabled: Boolean(client && isAddress(paymentAddress, { strict: false })),
    staleTime: Infinity,
  }).data ?? (payWith === "eth" ? ETH_META : undefined);
  const lotDecimals = useQuery({
    queryKey: ["lot-decimals", app.chainId, lotToken],
    queryFn: () => client!.readContract({ address: getAddress(lotToken), abi: erc20Abi, functionName: "decimals" }).then(Number),
    enabled: Boolean(client && lotKind === "erc20" && isAddress(lotToken, { strict: false })),
    staleTime: Infinity,
  }).data ?? 18;
  const lotAmountOrId = lotKind === "erc721" ? (/^\d+$/.test(lotText.trim()) ? BigInt(lotText.trim()) : null) : parseAmount(lotText, lotDecimals);
  const lot = useQuery({
    queryKey: ["lot-check", app.chainId, house, app.account, lotKind, lotToken, lotAmountOrId?.toString(), blockNumber?.toString()],
    queryFn: () => checkLot(client!, house!, app.account!, { kind: lotKind, token: getAddress(lotToken), amountOrId: lotAmountOrId! }),
    enabled: Boolean(client && house && app.account && isAddress(lotToken, { strict: false }) && lotAmountOrId !== null),
    placeholderData: keepPreviousData,
  }).data;

  // What the addresses are (kind, name, symbol; the NFT's owner), shown as soon as an address is entered.
  const lotInfo = useTokenInfo(lotToken, { ownerOfId: lotKind === "erc721" ? lotAmountOrId : null }).data;
  const payInfo = useTokenInfo(payWith === "erc20" ? payToken : undefined).data;
  const lotTokenProblems = lotInfo && app.account
    ? tokenProblems(lotKind === "erc721" ? "lot-erc721" : "lot-erc20", lotInfo, { seller: app.account, tokenId: lotAmountOrId ?? undefined, house })
    : [];
  const payTokenProblems = payInfo ? tokenProblems("payment", payInfo) : [];

  const decimals = payment?.decimals ?? 18;
  // Only an ERC-20 (or ETH) names the unit of the bond and reserve.
  const symbol = payWith === "erc20" && payInfo && payInfo.kind !== "erc20" ? "?" : payment?.symbol ?? "?";
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  // Rule 15: is what the seller chose shill-proof under its value assumption? (Only a public reserve counts.)
  const shill = useShillCheck({
    assumption, format, reserve, decimals, symbol,
    floor: reserve === "none" || floorText.trim() === "" ? 0n : parseAmount(floorText, decimals),
    bond: parseAmount(bondText, decimals),
  });
  const credible = shill.credible;
  const credibleChosen = credible !== null && format === "second-price" && reserve === "public" && floorText.trim() === credible.floorText && bondText.trim() === credible.bondText;
  const applyCredible = () => {
    if (!credible) return;
    setFormat("second-price");
    setReserve("public");
    setFloorText(credible.floorText);
    if (credible.bondText !== null) setBondText(credible.bondText);
  };
  const censorship = censorshipWarning(
    bidOpeningSeconds(Number(revealN) * DURATION_UNITS[revealUnit], reserve === "sealed" ? Number(reserveN) * DURATION_UNITS[reserveUnit] : null),
    chainKindOf(app.local),
  );
  const input: CreateInput | null = app.account && now !== null ? {
    seller: app.account, lotKind, lotToken, lotAmountOrId, paymentToken: payWith === "eth" ? "" : payToken, format,
    commitSeconds: Number(commitN) * DURATION_UNITS[commitUnit], revealSeconds: Number(revealN) * DURATION_UNITS[revealUnit],
    reserveSeconds: Number(reserveN) * DURATION_UNITS[reserveUnit],
    bond: parseAmount(bondText, decimals), reserve, floor: reserve === "none" ? 0n : floorText.trim() === "" ? (reserve === "sealed" ? 0n : null) : parseAmount(floorText, decimals),
    sealedReserve: reserve === "sealed" ? parseAmount(sealedText, decimals) : null, chainNow: now,
  } : null;

  // Allowances for an ERC-20 lot and for a sealed reserve's bond paid in an ERC-20.
  const allowanceNeeds = input && createProblems(input).length === 0
    ? allowancesNeeded(buildTerms(input, { commitment: `0x${"11".repeat(32)}`, nonce: 0n }))
    : new Map<string, bigint>();
  const paymentAllowance = useQuery({
    queryKey: ["allowance", app.chainId, house, app.account, paymentAddress, blockNumber?.toString()],
    queryFn: () => client!.readContract({ address: getAddress(paymentAddress), abi: erc20Abi, functionName: "allowance", args: [app.account!, house!] }),
    enabled: Boolean(client && house && app.account && payWith === "erc20" && isAddress(paymentAddress, { strict: false })),
  }).data;
  const lotNeed = lotKind === "erc20" && isAddress(lotToken, { strict: false }) ? allowanceNeeds.get(lotToken.toLowerCase()) : undefined;
  const payNeed = payWith === "erc20" && isAddress(payToken, { strict: false }) ? allowanceNeeds.get(payToken.toLowerCase()) : undefined;
  const lotApproved = lot ? (lotKind === "erc721" ? lot.approved : lotNeed === undefined || lot.allowance >= lotNeed) : false;
  const sameToken = lotKind === "erc20" && payWith === "erc20" && lotToken.toLowerCase() === payToken.toLowerCase();
  const payApproved = payNeed === undefined || sameToken || (paymentAllowance ?? 0n) >= payNeed;

  // (Chain time moves every block; it is not an edit.)
  const inputKey = JSON.stringify(input, (k, v) => (k === "chainNow" ? undefined : typeof v === "bigint" ? v.toString() : v)) + `|${lotToken}|${payToken}|${payWith}`;
  const problems = checked.key === inputKey ? checked.problems : [];

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    tx.reset();
    const setProblems = (problems: string[]) => setChecked({ key: inputKey, problems });
    if (!app.account || !input || !house || !client) return setProblems(["Connect a wallet first."]);
    // Read ownership and approval afresh: what is on screen may be a block old.
    const freshLot = isAddress(lotToken, { strict: false }) && lotAmountOrId !== null
      ? await checkLot(client, house, app.account, { kind: lotKind, token: getAddress(lotToken), amountOrId: lotAmountOrId }).catch(() => undefined)
      : undefined;
    const freshApproved = freshLot ? (lotKind === "erc721" ? freshLot.approved : lotNeed === undefined || freshLot.allowance >= lotNeed) : false;
    // Rule 12, as the contract checks it: what the tokens are, and who owns the NFT now.
    const [lotNow, payNow] = await Promise.all([
      isAddress(lotToken, { strict: false })
        ? readTokenInfo(client, getAddress(lotToken), { ownerOfId: lotKind === "erc721" && lotAmountOrId !== null ? lotAmountOrId : undefined }).catch(() => undefined)
        : undefined,
      payWith === "erc20" && isAddress(payToken, { strict: false }) ? readTokenInfo(client, getAddress(payToken)).catch(() => undefined) : undefined,
    ]);
    const found = createProblems(input, freshLot ? { owned: freshLot.owned, approved: freshApproved } : undefined, { lot: lotNow, payment: payNow }, house);
    if (payment === undefined) found.push("The payment token could not be read: is it an ERC-20 on this chain?");
    if (!payApproved) found.push(`Approve the auction contract to take the reserve bond of ${fmt(payNeed ?? 0n)} first.`);
    setProblems(found);
    if (found.length > 0) return;
    const account = app.account;
    let receipt: BidReceipt | null = null;
    let terms = buildTerms(input);
    let expectedId = 0n;
    if (reserve === "sealed") {
      // Rule 6: the reserve binds the seller's own nonce (only its sealed-reserve creations move it), not the
      // auction id. The receipt is saved under the id expected now and re-saved under the real one once mined.
      const [nonce, nextId] = await Promise.all([
        client.readContract({ address: house, abi: auctionHouseAbi, functionName: "reserveNonceOf", args: [account] }) as Promise<bigint>,
        client.readContract({ address: house, abi: auctionHouseAbi, functionName: "nextAuctionId" }) as Promise<bigint>,
      ]);
      expectedId = nextId;
      receipt = makeReceipt({ role: "reserve", chainId: app.chainId, auctionHouse: house, auctionId: nextId, account, amount: input.sealedReserve!, salt: randomSalt(), nonce });
      const commitment = reserveCommitment({ chainId: app.chainId, auctionHouse: house, nonce }, account, input.sealedReserve!, receipt.salt);
      terms = buildTerms(input, { commitment, nonce });
    }
    const hash = await tx.send("Create auction", {
      address: house, abi: auctionHouseAbi, functionName: "create", args: [terms], value: createValue(terms),
    }, {
      formatAmount: fmt,
      beforePrompt: receipt ? () => { vault.save(receipt!, { status: "prepared", source: "created" }); setReserveReceipt(receipt); } : undefined,
    });
    if (hash) {
      const r = await client.getTransactionReceipt({ hash });
      const log = parseEventLogs({ abi: auctionHouseAbi, logs: r.logs, eventName: "AuctionCreated" })[0];
      const id = log ? (log.args as { auctionId: bigint }).auctionId : expectedId;
      if (receipt) {
        const final = id === receipt.auctionId ? receipt : makeReceipt({ ...receipt, auctionId: id });
        vault.save(final, { status: "committed", source: "created", txHash: hash });
        setReserveReceipt(final);
      }
      setCreated(id);
    }
  }

  if (!app.deployment) return <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build.</Note>;
  const approveLot = () => {
    if (!lot || lotAmountOrId === null || !house) return;
    const token = getAddress(lotToken);
    return lotKind === "erc721"
      ? approveTx.send("Approve lot", { address: token, abi: erc721Abi, functionName: "approve", args: [house, lotAmountOrId] })
      : approveTx.send("Approve lot", { address: token, abi: erc20Abi, functionName: "approve", args: [house, lotNeed ?? lotAmountOrId] });
  };
  const approvePayment = () => house && payNeed !== undefined
    ? approveTx.send(`Approve ${symbol}`, { address: getAddress(payToken), abi: erc20Abi, functionName: "approve", args: [house, payNeed] })
    : undefined;

  return (
    <>
      <div className="page-head">
        <h1>Create an auction</h1>
        {app.deployment?.kunitHouse ? <Link className="btn" href="/kunit/create" data-testid="create-kunit-link">Sell k identical units instead</Link> : null}
      </div>
      <p className="lead">
        Your lot is escrowed in the contract when you create the auction. After the first bid, nobody — you included — can change
        the windows, the reserve, the bond or the outcome. You may cancel only before any bid.
      </p>
      {created !== null ? (
        <Note tone="ok">
          <p data-testid="created">Auction #{created.toString()} is live.</p>
          <Link className="btn btn-primary" href={`/auctions/${created}`}>Open auction #{created.toString()}</Link>
        </Note>
      ) : null}
      <form onSubmit={submit} noValidate>
        <div className="columns">
          <div>
            <Card title="Lot" id="lot">
              <fieldset>
                <legend>What are you selling?</legend>
                <label className="radio"><input type="radio" name="lotKind" checked={lotKind === "erc721"} onChange={() => { setLotKind("erc721"); if (demo) setLotToken(demo.nft); }} /> One NFT (ERC-721)</label>
                <label className="radio"><input type="radio" name="lotKind" checked={lotKind === "erc20"} onChange={() => { setLotKind("erc20"); if (demo) setLotToken(demo.token); }} /> An amount of an ERC-20 token</label>
              </fieldset>
              <div className="field">
                <label htmlFor="lot-token">Token contract</label>
                <input id="lot-token" type="text" value={lotToken} onChange={(e) => setLotToken(e.target.value.trim())} placeholder="0x…" spellCheck={false} />
                {lotInfo ? <p className="hint"><TokenBadge info={lotInfo} testId="lot-token-kind" /></p> : null}
                {demo ? <p className="hint">Local chain: prefilled with the demo {lotKind === "erc721" ? "collectibles" : `token (${demo.tokenSymbol})`}. The faucet gives you some.</p> : null}
              </div>
              <div className="field">
                <label htmlFor="lot-id">{lotKind === "erc721" ? "Token id" : "Amount"}</label>
                <input id="lot-id" type="text" inputMode={lotKind === "erc721" ? "numeric" : "decimal"} value={lotText} onChange={(e) => setLotText(e.target.value)} />
                {lot ? (
                  <p className="hint" data-testid="lot-status">
                    {lot.meta.name}: {lot.owned ? (lotKind === "erc721" ? "you own it" : `you hold ${formatAmount(lot.balance, lot.meta.decimals, lot.meta.symbol)}`) : lotKind === "erc721" ? "you do not own it" : "your balance is too small"}
                    {lot.owned ? (lotApproved ? " · approved for escrow" : " · not approved for escrow yet") : null}
                  </p>
                ) : null}
              </div>
              <Problems items={lotTokenProblems} id="lot-token-problems" />
              {lot && lot.owned && !lotApproved && lotTokenProblems.length === 0 ? (
                <button type="button" className="btn" disabled={approveTx.busy} onClick={approveLot} data-testid="approve-lot">Approve the auction contract to escrow the lot</button>
              ) : null}
              <TxStatus state={approveTx.state} />
            </Card>
            <Card title="Rules" id="rules">
              <fieldset>
                <legend>Format</legend>
                <label className="radio"><input type="radio" name="format" checked={format === "second-price"} onChange={() => setFormat("second-price")} /> Second price (Vickrey): the winner pays the second-highest bid; bidding one&apos;s true value is best</label>
                <label className="radio"><input type="radio" name="format" checked={format === "first-price"} onChange={() => setFormat("first-price")} /> First price: the winner pays its own bid</label>
              </fieldset>
              <fieldset>
                <legend>Payment</legend>
                <label className="radio"><input type="radio" name="pay" checked={payWith === "eth"} onChange={() => setPayWith("eth")} /> ETH</label>
                <label className="radio"><input type="radio" name="pay" checked={payWith === "erc20"} onChange={() => setPayWith("erc20")} /> An ERC-20 token</label>
                {payWith === "erc20" ? (
                  <div className="field">
                    <label htmlFor="pay-token">Payment token contract</label>
                    <input id="pay-token" type="text" value={payToken} onChange={(e) => setPayToken(e.target.value.trim())} spellCheck={false} />
                    {payInfo ? <p className="hint"><TokenBadge info={payInfo} testId="pay-token-kind" /></p> : null}
                    {payInfo?.kind === "erc20" ? <p className="hint">{payInfo.decimals} decimals. Tokens that take a fee on transfer are rejected.</p> : !payInfo ? <p className="hint">Enter an ERC-20 address.</p> : null}
                    <Problems items={payTokenProblems} id="pay-token-problems" />
                  </div>
                ) : null}
              </fieldset>
              <div className="grid2">
                <div className="field">
                  <label htmlFor="commit-n">Commit window</label>
                  <div className="input-row">
                    <input id="commit-n" type="number" min="1" value={commitN} onChange={(e) => setCommitN(e.target.value)} />
                    <select aria-label="Commit window unit" value={commitUnit} onChange={(e) => setCommitUnit(e.target.value as DurationUnit)}>
                      {Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}
                    </select>
                  </div>
                </div>
                <div className="field">
                  <label htmlFor="reveal-n">Reveal window</label>
                  <div className="input-row">
                    <input id="reveal-n" type="number" min="1" value={revealN} onChange={(e) => setRevealN(e.target.value)} />
                    <select aria-label="Reveal window unit" value={revealUnit} onChange={(e) => setRevealUnit(e.target.value as DurationUnit)}>
                      {Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}
                    </select>
                  </div>
                </div>
              </div>
              {input && input.commitSeconds > 0 && input.revealSeconds > 0 ? (
                <p className="hint">Bids close {formatDuration(input.commitSeconds)} after creation (chain time); openings close {formatDuration(input.revealSeconds)} later{reserve === "sealed" && input.reserveSeconds > 0 ? `, and start only once your sealed reserve is open (at the latest ${formatDuration(input.reserveSeconds)} after bidding closes)` : ""}.</p>
              ) : null}
              {censorship ? <Note tone="warn"><p data-testid="reveal-warning">{censorship}</p></Note> : null}
              <div className="field">
                <label htmlFor="bond">Bond ({symbol})</label>
                <input id="bond" type="text" inputMode="decimal" value={bondText} onChange={(e) => setBondText(e.target.value)} />
                <p className="hint">Every bid deposits at least the bond; a bid not opened in time loses it, and it is burned (no one can collect it, you included). Larger bonds deter spam and withheld bids.</p>
                {format === "second-price" && shill.check?.shillProofBond !== undefined ? (
                  <p className="hint" data-testid="bond-hint">Shill-proof bond at this reserve, under your value assumption: {amount(shill.check.shillProofBond, symbol)}{Number.isFinite(shill.check.shillProofBond) ? "" : " (no bond suffices: set a public reserve near the suggested one)"}.</p>
                ) : null}
              </div>
            </Card>
          </div>
          <div>
            <Card title="Shill-proofness" id="credible">
              <p className="hint">
                A seller can bid under other names and open only the bids that raise the price. Whether that pays depends on the
                reserve, the bond and what bidders&apos; values are: state what you expect (in {symbol}). Bidders are shown whether your terms are shill-proof.
              </p>
              <div className="field">
                <label htmlFor="values-kind">Bidders&apos; values</label>
                <select id="values-kind" value={assumption.kind} onChange={(e) => setAssumption({ ...assumption, kind: e.target.value as ValueAssumptionInput["kind"] })}>
                  <option value="uniform">Uniform from 0 to a highest value</option>
                  <option value="exponential">Exponential with an average value</option>
                  {assumption.spec ? <option value="lab">From the lab: {assumption.spec}</option> : null}
                </select>
              </div>
              <div className="grid2">
                {assumption.kind !== "lab" ? (
                  <div className="field">
                    <label htmlFor="values-value">{assumption.kind === "uniform" ? "Highest value" : "Average value"} ({symbol})</label>
                    <input id="values-value" type="text" inputMode="decimal" value={assumption.value} onChange={(e) => setAssumption({ ...assumption, value: e.target.value })} />
                  </div>
                ) : null}
                <div className="field">
                  <label htmlFor="values-bidders">Expected number of bidders</label>
                  <input id="values-bidders" type="number" min="1" max="100" value={assumption.bidders} onChange={(e) => setAssumption({ ...assumption, bidders: e.target.value })} />
                </div>
              </div>
              {shill.assumption.ok ? null : <Problems items={[shill.assumption.error]} id="assumption-problems" />}
              {shill.assumption.ok && credible ? (
                <p className="hint" data-testid="credible-defaults">
                  For {describeAssumption(shill.assumption, symbol)}: second price with a public reserve of {amount(credible.reserve, symbol)} and
                  a bond of {credible.bondText !== null ? amount(credible.bond, symbol) : "any size (none suffices)"} is shill-proof.{" "}
                  {credibleChosen ? "These are your settings." : <button type="button" className="btn btn-small" onClick={applyCredible} data-testid="use-credible">Use these settings</button>}
                </p>
              ) : null}
              {shill.check ? (
                <Note tone={shill.check.tone}><p data-testid="shill-check">{shill.check.text}</p></Note>
              ) : null}
            </Card>
            <Card title="Reserve" id="reserve">
              <fieldset>
                <legend>Reserve price</legend>
                <label className="radio"><input type="radio" name="reserve" checked={reserve === "none"} onChange={() => setReserve("none")} /> None</label>
                <label className="radio"><input type="radio" name="reserve" checked={reserve === "public"} onChange={() => setReserve("public")} /> Public floor, visible to all</label>
                <label className="radio"><input type="radio" name="reserve" checked={reserve === "sealed"} onChange={() => setReserve("sealed")} /> Sealed reserve, hidden until you open it</label>
              </fieldset>
              {reserve === "sealed" ? <p className="hint">A sealed reserve does not make the auction shill-proof: only the public floor counts, since you choose whether to open the sealed one.</p> : null}
              {reserve !== "none" ? (
                <div className="field">
                  <label htmlFor="floor">Public floor ({symbol}){reserve === "sealed" ? ", optional" : ""}</label>
                  <input id="floor" type="text" inputMode="decimal" value={floorText} onChange={(e) => setFloorText(e.target.value)} />
                </div>
              ) : null}
              {reserve === "sealed" ? (
                <>
                  <div className="field">
                    <label htmlFor="sealed">Sealed reserve ({symbol})</label>
                    <input id="sealed" type="text" inputMode="decimal" value={sealedText} onChange={(e) => setSealedText(e.target.value)} />
                  </div>
                  <div className="field">
                    <label htmlFor="reserve-n">Reserve window</label>
                    <div className="input-row">
                      <input id="reserve-n" type="number" min="1" value={reserveN} onChange={(e) => setReserveN(e.target.value)} />
                      <select aria-label="Reserve window unit" value={reserveUnit} onChange={(e) => setReserveUnit(e.target.value as DurationUnit)}>
                        {Object.keys(DURATION_UNITS).map((u) => <option key={u}>{u}</option>)}
                      </select>
                    </div>
                    <p className="hint" data-testid="reserve-window-hint">Bids cannot be opened until you open your reserve or this window ends, so you decide without seeing any bid. It starts when bidding closes and must be shorter than the reveal window.</p>
                  </div>
                  <Note>
                    <p>You deposit the bond ({input?.bond ? fmt(input.bond) : "…"}) now. Open the reserve in its window: then the bond comes back with your proceeds.
                      If you do not open it in time, the reserve is ignored, the sale goes ahead at the public floor and your bond is burned.</p>
                    <p>Its secret is saved in this browser before your wallet is asked, like a bid&apos;s; download the receipt as a backup.</p>
                  </Note>
                  {payWith === "erc20" && payNeed !== undefined && !payApproved ? (
                    <button type="button" className="btn" disabled={approveTx.busy} onClick={approvePayment}>Approve {fmt(payNeed)} for the reserve bond</button>
                  ) : null}
                </>
              ) : null}
            </Card>
            <Card title="Create" id="create">
              <Problems items={problems} id="create-problems" />
              <button type="submit" className="btn btn-primary" disabled={tx.busy} data-testid="create-submit">Create auction and escrow the lot</button>
              <TxStatus state={tx.state} />
              {reserveReceipt ? (
                <Note tone="ok">
                  <p>Your sealed reserve ({fmt(reserveReceipt.amount)}) is saved in this browser.</p>
                  <button type="button" className="btn btn-small" onClick={() => download(`reserve-receipt-auction-${reserveReceipt.auctionId}.json`, serializeReceipt(reserveReceipt))}>Download reserve receipt</button>
                </Note>
              ) : null}
            </Card>
          </div>
        </div>
      </form>
    </>
  );
}
