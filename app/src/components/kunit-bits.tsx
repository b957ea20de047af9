"use client";
import type { UnitAuctionTerms } from "../../../lib/auction.js";
import { unitSize } from "../../../lib/auction.js";
import { formatAmount, shortAddress } from "@/core/format";
import { UNIT_FORMAT_LABEL, unitFormatOf, unitLotKindOf } from "@/core/kunit";
import { useTokenMeta } from "@/hooks/useAuctions";

/** "3 × ERC-1155 #1 of 0x5FbD…" or "3 units of 100 DUSD". */
export function UnitLotLabel({ terms }: { terms: UnitAuctionTerms }) {
  const erc20 = unitLotKindOf(terms) === "erc20";
  const { data: meta } = useTokenMeta(erc20 ? terms.lotToken : undefined, "erc20");
  if (!erc20) {
    return <span>{terms.units} × ERC-1155 <span className="mono">#{terms.lotId.toString()}</span> <span className="muted mono" title={terms.lotToken}>of {shortAddress(terms.lotToken)}</span></span>;
  }
  if (!meta) return <span className="muted">loading lot…</span>;
  return <span>{terms.units} units of {formatAmount(unitSize(terms), meta.decimals, meta.symbol)}</span>;
}

export function unitFormatLabel(terms: Pick<UnitAuctionTerms, "format">): string {
  return UNIT_FORMAT_LABEL[unitFormatOf(terms)];
}
