"use client";
import Link from "next/link";
import { useState } from "react";
import { ListFilters, Pager, SourceNotice, usePager } from "@/components/ListControls";
import { ContractFacts } from "@/components/ContractFacts";
import { Card, Note, PhaseBadge } from "@/components/bits";
import { LotLabel, usePayment } from "@/components/auction-bits";
import { formatAmount } from "@/core/format";
import type { AuctionListItem } from "@/chain/reads";
import { kunitHouseOf, type KUnitListItem } from "@/chain/kunit";
import { UnitLotLabel } from "@/components/kunit-bits";
import { useTokenMeta } from "@/hooks/useAuctions";
import { useKUnitList } from "@/hooks/useKUnit";
import { useAppChain } from "@/hooks/useAppChain";
import { useAuctionPage } from "@/hooks/useAuctionPage";
import { useChainTime } from "@/hooks/useChainTime";
import { DEFAULT_LIST_QUERY, type ListQuery } from "../../../../lib/indexed.js";

export function AuditIndex() {
  const app = useAppChain();
  const { now } = useChainTime(app.chainId);
  const [query, setQuery] = useState<ListQuery>(DEFAULT_LIST_QUERY);
  const pager = usePager(query, setQuery);
  const { data } = useAuctionPage(query, "audit");
  const filter = (q: ListQuery) => { pager.reset(); setQuery(q); };
  return (
    <>
      <h1>Audit</h1>
      <p className="lead">
        Check any auction yourself: your browser reads its events, re-hashes every opening against its commitment, recomputes the
        outcome with the same reference rules the contract is tested against, and compares it with the settlement and the contract&apos;s state.
      </p>
      {!app.deployment ? <Note tone="warn">No AuctionHouse is deployed on {app.chain.name} for this build.</Note> : <ContractFacts />}
      <Card title="Auctions" id="audit-list">
        {app.deployment ? <ListFilters query={query} onChange={filter} /> : null}
        <SourceNotice source={data?.source} block={data?.page.block} />
        {!data || now === null ? <p className="muted">Reading…</p> : data.page.total === 0 ? <p>No auctions{query.phase || query.seller || query.bidder || query.lotToken || query.format ? " match these filters" : " yet"}.</p> : (
          <>
            <ul className="plain-list">
              {data.page.items.map((a) => <Item key={a.auctionId.toString()} a={a} />)}
            </ul>
            <Pager page={pager.page} total={data.page.total} limit={query.limit} nextCursor={data.page.nextCursor}
              onNext={() => data.page.nextCursor && pager.next(data.page.nextCursor)} onPrev={pager.prev} />
          </>
        )}
      </Card>
      <KUnitAuditList />
    </>
  );
}

/** The k-unit house's auctions (from its logs: the indexer covers the single-item house only). */
function KUnitAuditList() {
  const app = useAppChain();
  const { data, error } = useKUnitList();
  if (!kunitHouseOf(app.deployment)) return null;
  return (
    <Card title="k-unit auctions" id="audit-kunit-list">
      {error ? <Note tone="warn">Could not read the k-unit auctions: {(error as Error).message.split("\n")[0]}</Note>
        : !data ? <p className="muted">Reading…</p>
        : data.length === 0 ? <p>No k-unit auctions yet.</p> : (
          <ul className="plain-list" data-testid="audit-kunit-list">
            {data.map((a) => <KUnitItem key={a.history.auctionId.toString()} a={a} />)}
          </ul>
        )}
    </Card>
  );
}

function KUnitItem({ a }: { a: KUnitListItem }) {
  const terms = a.history.created!.terms;
  const { data: payment } = useTokenMeta(terms.paymentToken, "payment");
  const s = a.history.settlement;
  return (
    <li>
      <Link href={`/kunit/${a.history.auctionId}/audit`}>Audit k-unit auction #{a.history.auctionId.toString()}</Link>{" "}
      <UnitLotLabel terms={terms} />{" "}
      <PhaseBadge phase={a.phase} />
      {s && payment ? (
        <span className="muted small">
          {" "}{s.unitsSold} of {terms.units} units sold{s.unitsSold > 0 && s.price > 0n ? ` at ${formatAmount(s.price, payment.decimals, payment.symbol)} each` : ""}; bonds burned: {formatAmount(s.burned, payment.decimals, payment.symbol)}
        </span>
      ) : null}
    </li>
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
