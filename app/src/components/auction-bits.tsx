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
