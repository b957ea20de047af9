"use client";
import { FORMATS, reserveKindOf, ZERO_ADDRESS, type AuctionTerms } from "../../../lib/auction.js";
import { formatAmount } from "@/core/format";
import { useTokenMeta } from "@/hooks/useAuctions";
import type { TokenMeta } from "@/chain/reads";

export const FORMAT_LABEL: Record<string, string> = { "second-price": "Second price (Vickrey)", "first-price": "First price" };

export function formatLabel(terms: AuctionTerms): string {
  return FORMAT_LABEL[FORMATS[terms.format] ?? "second-price"];
}

/** Payment asset metadata for an auction (ETH or its ERC-20). */
export function usePayment(terms: AuctionTerms | undefined): TokenMeta | undefined {
  const { data } = useTokenMeta(terms?.paymentToken, "payment");
  return data;
}

export function LotLabel({ terms }: { terms: AuctionTerms }) {
  const erc721 = terms.lotKind === 0;
  const { data: meta } = useTokenMeta(terms.lotToken, erc721 ? "erc721" : "erc20");
  if (!meta) return <span className="muted">loading lot…</span>;
  return erc721 ? (
    <span>{meta.name} <span className="mono">#{terms.lotAmountOrId.toString()}</span></span>
  ) : (
    <span>{formatAmount(terms.lotAmountOrId, meta.decimals, meta.symbol)}</span>
  );
}

export function ReserveLabel({ terms, payment }: { terms: AuctionTerms; payment?: TokenMeta }) {
  const kind = reserveKindOf(terms);
  const floor = payment && terms.floorReserve > 0n ? formatAmount(terms.floorReserve, payment.decimals, payment.symbol) : null;
  if (kind === "none") return <span>None</span>;
  if (kind === "public") return <span>Public: {floor ?? "…"}</span>;
  return <span>Sealed{floor ? ` (floor ${floor})` : ""}</span>;
}

export function PaymentLabel({ terms }: { terms: AuctionTerms }) {
  const p = usePayment(terms);
  if (terms.paymentToken === ZERO_ADDRESS) return <span>ETH</span>;
  return <span>{p ? p.symbol : "…"}</span>;
}

/** What the bids tables say about deposits, for either house (rule 16: a hidden one shows only its bond). */
export const DEPOSITS_NOTE = "Deposits are public, each an upper bound on its bid, except hidden ones: only their bond shows until the bid opens and its vault is swept. Bid amounts stay hidden until opened.";

/** A bid's public deposit, with what its vault added once swept, or a "hidden" tag before (either house). */
export function DepositAmount({ b, fmt }: { b: { deposit: bigint; hidden: boolean; vault: unknown; swept: bigint }; fmt: (v: bigint) => string }) {
  return (
    <>
      {fmt(b.deposit)}
      {b.hidden ? <span className="muted small">{b.vault ? ` + ${fmt(b.swept)} from its vault` : <> + <span className="tag" data-testid="hidden-deposit-tag">hidden</span></>}</span> : null}
    </>
  );
}
