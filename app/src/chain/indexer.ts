/**
 * The app's lists, read from the indexer's HTTP API (indexer/src/api) or, as a fallback, from logs with the
 * same query semantics (lib/indexed.ts applyListQuery). Plain actions, no React.
 */
import { getAddress, pad, type Address, type PublicClient } from "viem";
import { bidderOf, EVENT_TOPICS, fetchAuctionHistory } from "../../../lib/history.js";
import {
  applyListQuery,
  auctionFromJson,
  bidFromJson,
  hiddenDepositFieldsOf,
  listQueryToParams,
  type AuctionJson,
  type BidJson,
  type IndexedAuction,
  type IndexedBid,
  type IndexerStatusJson,
  type ListPage,
  type ListQuery,
} from "../../../lib/indexed.js";
import { scanLogs, type RpcRequester } from "../../../lib/logs.js";
import type { DeploymentRecord } from "../generated/config";
import { loadAuctionList, type AuctionListItem } from "./reads";

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const r = await fetch(url, { signal: signal ?? AbortSignal.timeout(8000) });
  const text = await r.text();
  if (!r.ok) throw new Error(`HTTP ${r.status}${text ? `: ${text.slice(0, 160)}` : ""}`);
  return JSON.parse(text) as T;
}

export function fetchIndexerStatus(url: string): Promise<IndexerStatusJson> {
  return getJson<IndexerStatusJson>(`${url}/api/status`, AbortSignal.timeout(4000));
}

export interface SourcedPage extends ListPage<AuctionListItem> {
  /** Block the page reflects. */
  block: bigint | null;
}

export async function fetchAuctionPage(url: string, q: ListQuery, path: "auctions" | "audit" = "auctions"): Promise<SourcedPage> {
  const j = await getJson<{ items: AuctionJson[]; nextCursor: string | null; total: number; block: string }>(`${url}/api/${path}?${listQueryToParams(q)}`);
  return { items: j.items.map(auctionFromJson), nextCursor: j.nextCursor, total: j.total, block: BigInt(j.block) };
}

export async function fetchIndexedAuction(url: string, id: bigint): Promise<{ auction: IndexedAuction | null; bids: IndexedBid[]; block: bigint }> {
  const r = await fetch(`${url}/api/auctions/${id}`, { signal: AbortSignal.timeout(8000) });
  const j = (await r.json()) as { auction?: AuctionJson; bids?: BidJson[]; block: string; error?: string };
  if (r.status === 404) return { auction: null, bids: [], block: BigInt(j.block) };
  if (!r.ok) throw new Error(j.error ?? `HTTP ${r.status}`);
  return { auction: auctionFromJson(j.auction!), bids: (j.bids ?? []).map(bidFromJson), block: BigInt(j.block) };
}

export interface ChainBid {
  bid: IndexedBid;
  auction: IndexedAuction;
}

export async function fetchBidderBids(url: string, bidder: Address): Promise<ChainBid[]> {
  const j = await getJson<{ items: { bid: BidJson; auction: AuctionJson }[] }>(`${url}/api/bids?bidder=${bidder}`);
  return j.items.map((i) => ({ bid: bidFromJson(i.bid), auction: auctionFromJson(i.auction) }));
}

/** Auction ids `bidder` committed to, from BidCommitted logs filtered by the indexed bidder topic. */
export async function bidderAuctionIds(client: PublicClient, d: DeploymentRecord, bidder: Address): Promise<Set<bigint>> {
  const scan = await scanLogs(client as unknown as RpcRequester, {
    filter: { address: d.auctionHouse, topics: [EVENT_TOPICS.BidCommitted, null, pad(getAddress(bidder).toLowerCase() as Address, { size: 32 })] },
    fromBlock: BigInt(d.deployBlock),
  });
  return new Set(scan.logs.map((l) => BigInt(l.topics[1])));
}

/** The logs fallback of a list query: every auction from logs, then lib's reference query semantics. */
export async function loadAuctionPageFromLogs(client: PublicClient, d: DeploymentRecord, q: ListQuery): Promise<SourcedPage> {
  const [items, mine] = await Promise.all([loadAuctionList(client, d), q.bidder ? bidderAuctionIds(client, d, q.bidder) : Promise.resolve(null)]);
  const bidder = q.bidder?.toLowerCase() ?? "";
  const page = applyListQuery(items, q, (id) => (mine?.has(id) ? new Set([bidder]) : new Set()));
  return { ...page, block: null };
}

/** The logs fallback of "my bids on chain": the auctions `account` committed to, each rebuilt from its logs. */
export async function loadChainBidsFromLogs(client: PublicClient, d: DeploymentRecord, account: Address): Promise<ChainBid[]> {
  const page = await loadAuctionPageFromLogs(client, d, { sort: "id", order: "desc", limit: 1000, bidder: account });
  return Promise.all(
    page.items.map(async (a) => {
      const h = await fetchAuctionHistory(client as unknown as RpcRequester, { auctionHouse: d.auctionHouse, auctionId: a.auctionId, chainId: client.chain?.id, fromBlock: BigInt(d.deployBlock) });
      const b = bidderOf(h, account)!;
      const sum = (xs: { amount: bigint }[]) => xs.reduce((t, w) => t + w.amount, 0n);
      return {
        auction: { ...a, cancelled: h.cancelled, reserveOpened: h.reserveOpening !== null, openedReserve: h.reserveOpening?.reserve ?? null, lotClaimed: h.lotClaims.length > 0, proceedsWithdrawn: sum(h.proceedsWithdrawals), events: h.events.length },
        bid: {
          auctionId: a.auctionId, bidder: b.bidder, order: b.order, commitment: b.commitment, deposit: b.deposit, commits: b.commits.length,
          opened: b.opening !== null, amount: b.opening?.amount ?? null, valid: b.opening?.valid ?? null, deferred: b.deferred, withdrawn: sum(b.withdrawals),
          ...hiddenDepositFieldsOf(b),
        },
      };
    }),
  );
}
