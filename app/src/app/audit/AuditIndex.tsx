"use client";
import Link from "next/link";
import { ContractFacts } from "@/components/ContractFacts";
import { Card, Note, PhaseBadge } from "@/components/bits";
import { LotLabel } from "@/components/auction-bits";
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
            {data.map((a) => (
              <li key={a.auctionId.toString()}>
                <Link href={`/auctions/${a.auctionId}/audit`}>Audit auction #{a.auctionId.toString()}</Link>{" "}
                <LotLabel terms={a.terms} />{" "}
                <PhaseBadge phase={a.phase} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
