"use client";
import Link from "next/link";
import { ContractFacts } from "@/components/ContractFacts";
import { Card, Note, PhaseBadge } from "@/components/bits";
import { LotLabel, usePayment } from "@/components/auction-bits";
import { formatAmount } from "@/core/format";
import type { AuctionListItem } from "@/chain/reads";
import { useAppChain } from "@/hooks/useAppChain";
import { useAuctionList } from "@/hooks/useAuctions";
import { useChainTime } from "@/hooks/useChainTime";

export function AuditIndex() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const { data } = useAuctionList();
  return (
    <>
      <h1>Audit</h1>
      <p className="lead">
        Check any auction yourself: your browser reads its events, re-hashes every opening against its commitment, recomputes the
        outcome with the same reference rules the contract is tested against, and compares it with the settlement and the contract&apos;s state.
      </p>
      {!app.deployment ? <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build.</Note> : <ContractFacts />}
      <Card title="Auctions" id="audit-list">
        {!data || now === null ? <p className="muted">Reading…</p> : data.length === 0 ? <p>No auctions yet.</p> : (
          <ul className="plain-list">
            {data.map((a) => <Item key={a.auctionId.toString()} a={a} />)}
          </ul>
        )}
      </Card>
    </>
  );
}

function Item({ a }: { a: AuctionListItem }) {
  const payment = usePayment(a.terms);
  const s = a.settlement;
  return (
    <li>
      <Link href={`/auctions/${a.auctionId}/audit`}>Audit auction #{a.auctionId.toString()}</Link>{" "}
      <LotLabel terms={a.terms} />{" "}
      <PhaseBadge phase={a.phase} />
      {s && payment ? (
        <span className="muted small">
          {" "}{s.winner ? `sold for ${formatAmount(s.price, payment.decimals, payment.symbol)}` : "unsold"}; bonds burned: {formatAmount(s.burned, payment.decimals, payment.symbol)}
        </span>
      ) : null}
    </li>
  );
}
