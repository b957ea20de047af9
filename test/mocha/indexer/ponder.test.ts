/**
 * The real indexer (Ponder, embedded PGlite) against a Hardhat node seeded with the demo auctions: its API
 * answers equal what the logs say (lib/history.ts, compared by the audit's own comparison), list pages and
 * filters equal lib/indexed.ts applyListQuery over the logs, a new event shows up live, and a reorg made by
 * the RPC fault proxy (lib/rpc/fault-proxy.ts, which the indexer reads through) is undone in its answers, and a
 * hidden-deposit bid is served hidden (bond only) while sealed and bond + swept once opened.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Address } from "viem";
import { fetchAuctionHistory, phaseFromHistory, type AuctionHistory } from "../../../lib/history.js";
import { applyListQuery, auctionFromJson, bidFromJson, listQueryToParams, type AuctionJson, type BidJson, type IndexerStatusJson, type ListItem, type ListQuery, DEFAULT_LIST_QUERY } from "../../../lib/indexed.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { compareWithIndexer } from "../../../app/src/core/indexer-check.js";
import { getJson, latestBlock, startIndexer, waitForIndexer } from "../../../scripts/indexer.js";
import { DEV_ACCOUNTS, deployLocal, localClients, seedDemo, type LocalDeployment } from "../../../scripts/seed-demo.js";
import { freePort, rpcReady, startService, stopServices, waitFor } from "../../../scripts/start.js";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { startFaultProxy, type FaultProxy } from "../../../lib/rpc/fault-proxy.js";
import { readFileSync } from "node:fs";
import { bidCommitment } from "../../../lib/auction.js";
import { vaultAddress } from "../../../lib/vault.js";

// Free ports unless given: a fixed port shared with another run on the same machine would let this test
// talk to that run's node.
let RPC_PORT = Number(process.env.TEST_INDEXER_RPC_PORT ?? 0);
let PORT = Number(process.env.TEST_INDEXER_PORT ?? 0);
let RPC = "";
let URL_ = "";

describe("indexer (Ponder on PGlite) against a seeded local chain", function () {
  this.timeout(240_000);
  let dir = "";
  let d: LocalDeployment;
  let proxy: FaultProxy;
  const rpc = (): RpcRequester => ({ request: async ({ method, params }) => {
    const r = await fetch(RPC, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }) });
    const j = (await r.json()) as { result?: unknown; error?: { message: string } };
    if (j.error) throw new Error(j.error.message);
    return j.result;
  } });

  async function histories(): Promise<AuctionHistory[]> {
    const next = (await localClients(RPC).publicClient.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "nextAuctionId" })) as bigint;
    const out: AuctionHistory[] = [];
    for (let id = 1n; id < next; id++) out.push(await fetchAuctionHistory(rpc(), { auctionHouse: d.auctionHouse, auctionId: id, chainId: 31337, fromBlock: BigInt(d.deployBlock) }));
    return out;
  }

  before(async () => {
    RPC_PORT ||= await freePort();
    PORT ||= await freePort();
    RPC = `http://127.0.0.1:${RPC_PORT}`;
    URL_ = `http://127.0.0.1:${PORT}`;
    dir = mkdtempSync(join(tmpdir(), "indexer-test-"));
    const node = startService("hardhat node", join(process.cwd(), "node_modules/.bin/hardhat"), ["node", "--hostname", "127.0.0.1", "--port", String(RPC_PORT)], { log: join(dir, "node.log") });
    await waitFor("Hardhat node", () => rpcReady(RPC), 90_000, node);
    d = await deployLocal(RPC, { writeRecords: false });
    await seedDemo(RPC, d);
    // No faults: the proxy is there for its reorgs.
    proxy = await startFaultProxy({ upstream: RPC });
    const indexer = startIndexer({ rpcUrl: proxy.url, port: PORT, log: join(dir, "indexer.log"), pgliteDir: join(dir, "pglite"), auctionHouse: d.auctionHouse, startBlock: d.deployBlock });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), service: indexer });
  });

  after(async () => {
    await proxy?.close();
    await stopServices();
    rmSync(dir, { recursive: true, force: true });
  });

  it("status: latest indexed block and timestamp, the head, no lag, ready", async () => {
    const s = await getJson<IndexerStatusJson>(`${URL_}/api/status`);
    const head = await latestBlock(RPC);
    expect(s).to.deep.include({ chainId: 31337, auctionHouse: d.auctionHouse, ready: true, lagBlocks: "0" });
    expect(s.indexed!.block).to.equal(head.toString());
    const block = await localClients(RPC).publicClient.getBlock({ blockNumber: head });
    expect(s.indexed!.timestamp).to.equal(Number(block.timestamp));
  });

  it("every auction and its bids equal the logs (no disagreement by the audit's comparison)", async () => {
    const hs = await histories();
    expect(hs.length).to.be.greaterThan(4);
    for (const h of hs) {
      const j = await getJson<{ auction: AuctionJson; bids: BidJson[]; block: string }>(`${URL_}/api/auctions/${h.auctionId}`);
      const check = compareWithIndexer(h, { auction: auctionFromJson(j.auction), bids: j.bids.map(bidFromJson), block: BigInt(j.block) });
      expect(check.compared).to.equal(true);
      expect(check.differences, `auction ${h.auctionId}`).to.deep.equal([]);
    }
  });

  it("pages, filters and sorts equal the reference over the logs, with phases from phaseAt at the indexed block's time", async () => {
    const hs = await histories();
    const s = await getJson<IndexerStatusJson>(`${URL_}/api/status`);
    const items: ListItem[] = hs.map((h) => ({
      auctionId: h.auctionId, seller: h.created!.seller, terms: h.created!.terms, created: h.created!, commitments: h.bidders.length,
      openings: h.bidders.filter((b) => b.opening).length, settlement: h.settlement, cancelled: h.cancelled, reserveOpened: h.reserveOpening !== null,
      phase: phaseFromHistory(h, s.indexed!.timestamp),
    }));
    const bidders = new Map(hs.map((h) => [h.auctionId, new Set(h.bidders.map((b) => b.bidder.toLowerCase()))]));
    const queries: Partial<ListQuery>[] = [
      {}, { limit: 2 }, { limit: 2, order: "asc" }, { sort: "bids", limit: 2 }, { sort: "commitEnd", order: "asc", limit: 3 }, { sort: "revealEnd", limit: 4 },
      { phase: "committing" }, { phase: "opening-reserve" }, { phase: "revealing" }, { phase: "awaiting-settlement" }, { phase: "settled" }, { phase: "cancelled" },
      { format: "first-price" }, { seller: DEV_ACCOUNTS[1] }, { bidder: DEV_ACCOUNTS[2], limit: 1 }, { lotToken: d.nft }, { lotToken: d.token, format: "second-price" },
    ];
    for (const partial of queries) {
      const q: ListQuery = { ...DEFAULT_LIST_QUERY, ...partial };
      let cursor: string | undefined;
      const got: string[] = [];
      const want: string[] = [];
      let wantCursor: string | undefined;
      do {
        const page = await getJson<{ items: AuctionJson[]; nextCursor: string | null; total: number }>(`${URL_}/api/auctions?${listQueryToParams({ ...q, cursor })}`);
        const ref = applyListQuery(items, { ...q, cursor: wantCursor }, (id) => bidders.get(id)!);
        expect(page.total, JSON.stringify(partial)).to.equal(ref.total);
        expect(page.nextCursor, JSON.stringify(partial)).to.equal(ref.nextCursor);
        got.push(...page.items.map((a) => `${a.auctionId}:${a.phase}`));
        want.push(...ref.items.map((a) => `${a.auctionId}:${a.phase}`));
        cursor = page.nextCursor ?? undefined;
        wantCursor = ref.nextCursor ?? undefined;
      } while (cursor);
      expect(got, JSON.stringify(partial)).to.deep.equal(want);
    }
    const phases = new Set(items.map((i) => i.phase));
    expect(phases.size, "the seed covers several phases").to.be.greaterThan(3);
    expect([...phases], "the seed has an auction in its reserve window").to.include("opening-reserve");
  });

  it("the settled demo auction: settlement's deliveries served as claims marked atSettlement; the displaced leader has no claim", async () => {
    const h = (await histories()).find((x) => x.settlement !== null && x.cancelled === null)!;
    const s = h.settlement!;
    const [, seller, alice, bob] = DEV_ACCOUNTS;
    const j = await getJson<{ claims: { kind: string; account: string; recipient: string; amount: string | null; atSettlement: boolean; transactionHash: string }[]; bids: BidJson[] }>(`${URL_}/api/auctions/${h.auctionId}`);
    // Second price 0.9 ETH (bob's bid); alice's change 2 − 0.9 = 1.1 ETH.
    expect(s.winner).to.equal(alice);
    expect(j.claims.map((c) => [c.kind, c.account, c.recipient, c.amount, c.atSettlement, c.transactionHash])).to.deep.equal([
      ["lot", alice.toLowerCase(), alice.toLowerCase(), null, true, s.transactionHash],
      ["refund", alice.toLowerCase(), alice.toLowerCase(), "1100000000000000000", true, s.transactionHash],
      ["proceeds", seller.toLowerCase(), seller.toLowerCase(), "900000000000000000", true, s.transactionHash],
    ]);
    // Bob led first and was displaced: refunded inside alice's reveal, so nothing held, deferred or claimed.
    expect(j.bids.find((b) => b.bidder === bob)).to.deep.include({ opened: true, valid: true, deferred: "0", withdrawn: "0" });
    const position = await localClients(RPC).publicClient.readContract({ address: d.auctionHouse, abi: auctionHouseAbi, functionName: "positionOf", args: [h.auctionId, bob] });
    expect(position).to.deep.equal([0, 0n]);
  });

  it("a bidder's bids, and bad requests answered with 400", async () => {
    const bob = DEV_ACCOUNTS[3];
    const j = await getJson<{ items: { bid: BidJson; auction: AuctionJson }[] }>(`${URL_}/api/bids?bidder=${bob.toLowerCase()}`);
    const hs = await histories();
    const want = hs.filter((h) => h.bidders.some((b) => b.bidder === bob)).map((h) => h.auctionId.toString()).reverse();
    expect(j.items.map((i) => i.bid.auctionId)).to.deep.equal(want);
    expect(j.items.every((i) => i.bid.bidder === bob)).to.equal(true);
    for (const bad of ["/api/auctions?limit=0", "/api/auctions?phase=Settled!", "/api/bids?bidder=bob", "/api/auctions/x"]) {
      expect((await fetch(`${URL_}${bad}`)).status, bad).to.equal(400);
    }
    expect((await fetch(`${URL_}/api/auctions/999`)).status).to.equal(404);
  });

  it("follows the chain live: a new commitment is served within seconds", async () => {
    const { publicClient } = localClients(RPC);
    const before = await getJson<{ items: AuctionJson[] }>(`${URL_}/api/auctions?phase=committing&sort=bids&order=asc`);
    const target = before.items[0];
    const bidder = DEV_ACCOUNTS[8] as Address;
    const hashTx = await localClients(RPC).wallet(bidder).writeContract({
      address: d.auctionHouse, abi: auctionHouseAbi, functionName: "commit",
      args: [BigInt(target.auctionId), `0x${"12".repeat(32)}`, BigInt(target.terms.bond as string)],
      value: (target.terms.paymentToken as string) === "0x0000000000000000000000000000000000000000" ? BigInt(target.terms.bond as string) : 0n,
    } as never);
    await publicClient.waitForTransactionReceipt({ hash: hashTx });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), timeoutMs: 20_000 });
    const after = await getJson<{ auction: AuctionJson }>(`${URL_}/api/auctions/${target.auctionId}`);
    expect(after.auction.commitments).to.equal(target.commitments + 1);
    const mine = await getJson<{ items: AuctionJson[] }>(`${URL_}/api/auctions?bidder=${bidder}`);
    expect(mine.items.map((a) => a.auctionId)).to.deep.equal([target.auctionId]);
  });

  it("survives a reorg made through the RPC fault proxy: a commitment the fork drops disappears, every answer equals the logs", async () => {
    const { publicClient } = localClients(RPC);
    const open = await getJson<{ items: AuctionJson[] }>(`${URL_}/api/auctions?phase=committing&limit=100`);
    const target = open.items.find((a) => a.terms.paymentToken === "0x0000000000000000000000000000000000000000")!;
    const bidder = DEV_ACCOUNTS[9] as Address;
    await proxy.checkpoint();
    const tx = await localClients(RPC).wallet(bidder).writeContract({
      address: d.auctionHouse, abi: auctionHouseAbi, functionName: "commit",
      args: [BigInt(target.auctionId), `0x${"34".repeat(32)}`, BigInt(target.terms.bond as string)], value: BigInt(target.terms.bond as string),
    } as never);
    await publicClient.waitForTransactionReceipt({ hash: tx });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), timeoutMs: 20_000 });
    const one = async () => (await getJson<{ auction: AuctionJson }>(`${URL_}/api/auctions/${target.auctionId}`)).auction.commitments;
    expect(await one()).to.equal(target.commitments + 1);

    const r = await proxy.reorg(1, { replay: false });
    expect(r.newHead).to.not.equal(r.oldHead);
    await proxy.checkpoint();
    await publicClient.request({ method: "evm_mine" as never });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), timeoutMs: 30_000 });
    expect(await one()).to.equal(target.commitments);
    expect((await getJson<{ items: unknown[] }>(`${URL_}/api/bids?bidder=${bidder}`)).items).to.deep.equal([]);
    expect(readFileSync(join(dir, "indexer.log"), "utf8")).to.match(/Reorged block/);
    for (const h of await histories()) {
      const j = await getJson<{ auction: AuctionJson; bids: BidJson[]; block: string }>(`${URL_}/api/auctions/${h.auctionId}`);
      const check = compareWithIndexer(h, { auction: auctionFromJson(j.auction), bids: j.bids.map(bidFromJson), block: BigInt(j.block) });
      expect(check.differences, `auction ${h.auctionId}`).to.deep.equal([]);
    }
  });
  it("a hidden-deposit bid: served hidden with the bond only while sealed, then bond + swept once its opening sweeps the vault", async () => {
    const { publicClient, testClient } = localClients(RPC);
    const open = await getJson<{ items: AuctionJson[] }>(`${URL_}/api/auctions?phase=committing&limit=100`);
    const target = open.items.find((a) => a.terms.paymentToken === "0x0000000000000000000000000000000000000000")!;
    const id = BigInt(target.auctionId);
    const bond = BigInt(target.terms.bond as string);
    const bidder = DEV_ACCOUNTS[7] as Address;
    const amount = bond * 3n;
    const salt = `0x${"56".repeat(32)}` as const;
    const domain = { chainId: 31337, auctionHouse: d.auctionHouse, auctionId: id };
    const wallet = localClients(RPC).wallet(bidder);
    await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract({
      address: d.auctionHouse, abi: auctionHouseAbi, functionName: "commitHidden", args: [id, bidCommitment(domain, bidder, amount, salt)], value: bond,
    } as never) });
    const vault = vaultAddress(domain, bidder, salt);
    await publicClient.waitForTransactionReceipt({ hash: await localClients(RPC).wallet(DEV_ACCOUNTS[6] as Address).sendTransaction({ to: vault, value: amount } as never) });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), timeoutMs: 20_000 });
    const mine = async () => (await getJson<{ bids: BidJson[] }>(`${URL_}/api/auctions/${id}`)).bids.find((b) => b.bidder === bidder)!;
    const sealed = await mine();
    expect(sealed).to.deep.include({ hidden: true, deposit: bond.toString(), swept: "0", effectiveDeposit: bond.toString(), vault: null, opened: false });

    // To the reveal window (the last test: the chain's clock moves on), then the usual reveal with the bond.
    const terms = target.terms as { commitEnd: number; reserveEnd: number };
    await testClient.setNextBlockTimestamp({ timestamp: BigInt((terms.reserveEnd || terms.commitEnd) + 1) });
    await testClient.mine({ blocks: 1 });
    await publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract({
      address: d.auctionHouse, abi: auctionHouseAbi, functionName: "reveal", args: [id, bidder, amount, salt, bond, BigInt(sealed.order)],
    } as never) });
    await waitForIndexer(URL_, { block: await latestBlock(RPC), timeoutMs: 20_000 });
    expect(await mine()).to.deep.include({ hidden: true, deposit: bond.toString(), swept: amount.toString(), effectiveDeposit: (bond + amount).toString(), vault, opened: true, valid: true });
    for (const h of await histories()) {
      const j = await getJson<{ auction: AuctionJson; bids: BidJson[]; block: string }>(`${URL_}/api/auctions/${h.auctionId}`);
      const check = compareWithIndexer(h, { auction: auctionFromJson(j.auction), bids: j.bids.map(bidFromJson), block: BigInt(j.block) });
      expect(check.differences, `auction ${h.auctionId}`).to.deep.equal([]);
    }
  });
});
