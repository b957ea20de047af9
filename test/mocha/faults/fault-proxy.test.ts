/**
 * The RPC fault proxy, one fault kind at a time, and the auditor through it: every fault kind is injected
 * and counted, and the clients (lib/rpc/client.ts, lib/logs.ts, lib/audit.ts) still finish with correct
 * results. Reorgs: a log scan that a reorg interrupts never returns a mix of two forks.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom, type Address, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { auditAuction } from "../../../lib/audit.js";
import { uniform } from "../../../lib/lab/distributions.js";
import { scanLogs, type RpcRequester } from "../../../lib/logs.js";
import { httpRpc } from "../../../lib/rpc/client.js";
import { startFaultProxy, type FaultKind, type FaultProxyOptions } from "../../../lib/rpc/fault-proxy.js";
import { runMarket } from "../../../lib/sim/market.js";

type Conn = Awaited<ReturnType<typeof network.create>>;

describe("RPC fault proxy", function () {
  this.timeout(120_000);
  let conn: Conn;
  let token: Address;
  let deployBlock: bigint;
  const upstream = () => conn.provider as unknown as RpcRequester;

  before(async () => {
    conn = await network.create();
    const t = await conn.viem.deployContract("MockERC20", ["Fault", "FLT"]);
    token = t.address;
    deployBlock = await (await conn.viem.getPublicClient()).getBlockNumber();
    const [w] = await conn.viem.getWalletClients();
    for (let i = 1; i <= 12; i++) await t.write.mint([w.account.address, BigInt(i)]);
  });
  after(async () => conn.close());

  const withProxy = async (o: Omit<FaultProxyOptions, "upstream">, f: (url: string, stats: () => Record<FaultKind, number>) => Promise<void>) => {
    const proxy = await startFaultProxy({ upstream: upstream(), ...o });
    try {
      await f(proxy.url, () => proxy.stats().faultsInjected);
    } finally {
      await proxy.close();
    }
  };
  const transferLogs = (url: string, o: { pageSize?: bigint } = {}) =>
    scanLogs(httpRpc(url, { retryDelayMs: 1 }), { filter: { address: token }, fromBlock: deployBlock, pageSize: o.pageSize, retryDelayMs: 1 });

  for (const kind of ["latency", "rateLimit", "serverError", "drop"] as const) {
    it(`test_proxy_${kind}_injectedAndTheClientStillGetsEveryLog`, async () => {
      await withProxy({ seed: 2, faults: { [kind]: 0.5, latencyMs: [1, 5] } }, async (url, stats) => {
        const scan = await transferLogs(url, { pageSize: 2n });
        expect(scan.logs).to.have.length(12);
        expect(stats()[kind]).to.be.greaterThan(0);
      });
    });
  }

  it("test_proxy_logRange_refusedInProviderWordsAndThePagerHalves", async () => {
    await withProxy({ seed: 3, logRangeLimit: 3 }, async (url, stats) => {
      const scan = await transferLogs(url);
      expect(scan.logs).to.have.length(12);
      expect(scan.rangeErrors).to.be.greaterThan(0);
      expect(stats().logRange).to.equal(scan.rangeErrors);
    });
  });

  it("test_proxy_logResults_refusedAboveTheLimitAndThePagerHalves", async () => {
    await withProxy({ seed: 4, logRangeLimit: 1_000_000, logResultLimit: 4 }, async (url, stats) => {
      const scan = await transferLogs(url);
      expect(scan.logs).to.have.length(12);
      expect(stats().logResults).to.be.greaterThan(0);
    });
  });

  it("test_proxy_sameSeedSameFaults", async () => {
    const run = async () => {
      let counts: Record<FaultKind, number> | null = null;
      await withProxy({ seed: 9, faults: { rateLimit: 0.3, serverError: 0.2, latency: 0.2, latencyMs: [0, 1] } }, async (url, stats) => {
        await transferLogs(url, { pageSize: 1n });
        counts = stats();
      });
      return counts;
    };
    expect(await run()).to.deep.equal(await run());
  });

  it("test_proxy_reorg_replacesTheLastBlocksAndConsumersSeeNewHashes", async () => {
    await withProxy({ seed: 5 }, async () => {
      const proxy = await startFaultProxy({ upstream: upstream(), seed: 5 });
      try {
        const rpc = httpRpc(proxy.url);
        await proxy.checkpoint();
        const [w] = await conn.viem.getWalletClients();
        const t = await conn.viem.getContractAt("MockERC20", token);
        for (let i = 0; i < 3; i++) await t.write.mint([w.account.address, 100n]);
        const head = BigInt((await rpc.request({ method: "eth_blockNumber" })) as string);
        const before = ((await rpc.request({ method: "eth_getBlockByNumber", params: [`0x${head.toString(16)}`, false] })) as { hash: string }).hash;
        const r = await proxy.reorg(3);
        const after = ((await rpc.request({ method: "eth_getBlockByNumber", params: [`0x${head.toString(16)}`, false] })) as { hash: string }).hash;
        expect(r.replayed).to.equal(3);
        expect(after).to.not.equal(before);
        expect(proxy.stats().faultsInjected.reorg).to.equal(1);
        const scan = await scanLogs(rpc, { filter: { address: token }, fromBlock: deployBlock });
        expect(scan.logs).to.have.length(15); // the same transactions, re-mined on the new fork
      } finally {
        await proxy.close();
      }
    });
  });

  it("test_scanLogs_reorgMidScan_rescansAndReturnsOneFork", async () => {
    const proxy = await startFaultProxy({ upstream: upstream(), seed: 6 });
    try {
      const rpc = httpRpc(proxy.url);
      const [w] = await conn.viem.getWalletClients();
      const t = await conn.viem.getContractAt("MockERC20", token);
      await proxy.checkpoint();
      const from = BigInt((await rpc.request({ method: "eth_blockNumber" })) as string) + 1n;
      for (let i = 0; i < 4; i++) await t.write.mint([w.account.address, 1000n + BigInt(i)]);
      // After the scan's second page, the four blocks are replaced: two empty blocks and two other mints.
      let pages = 0;
      const reorging: RpcRequester = {
        async request(a) {
          const res = await rpc.request(a);
          if (a.method === "eth_getLogs" && ++pages === 2) {
            await proxy.reorg(4, { replay: false });
            await t.write.mint([w.account.address, 7n]);
            await t.write.mint([w.account.address, 8n]);
          }
          return res;
        },
      };
      const scan = await scanLogs(reorging, { filter: { address: token }, fromBlock: from, pageSize: 1n });
      const fresh = await scanLogs(rpc, { filter: { address: token }, fromBlock: from });
      expect(scan.reorgs).to.equal(1);
      expect(scan.logs.map((l) => l.blockHash)).to.deep.equal(fresh.logs.map((l) => l.blockHash));
      expect(scan.logs.map((l) => BigInt(l.data))).to.deep.equal([7n, 8n]);
    } finally {
      await proxy.close();
    }
  });

  it("test_audit_throughEveryFaultKind_cleanResults", async () => {
    // A small market through a proxy injecting everything at once, reorgs included; then every auction is
    // audited again one by one with lib/audit's auditAuction through the same faults.
    const sim = await network.create("sim");
    const proxy = await startFaultProxy({
      upstream: sim.provider as unknown as RpcRequester, seed: 11,
      faults: { latency: 0.1, latencyMs: [1, 5], rateLimit: 0.1, serverError: 0.1, drop: 0.1 },
      logRangeLimit: 5, logResultLimit: 40, reorgEvery: 4, reorgDepth: 2,
    });
    try {
      const rpc = httpRpc(proxy.url, { retries: 20, retryDelayMs: 1 });
      const r = await runMarket({ rpc, auctions: 6, bidders: 6, seed: 4, dist: uniform(0, 1), roundSize: 3, callsPerMulticall: 60 });
      expect(r.unexpectedReverts).to.deep.equal([]);
      expect(r.auditMismatches).to.equal(0);
      expect(r.weiLost).to.equal(0n);
      const s = proxy.stats().faultsInjected;
      for (const k of ["latency", "rateLimit", "serverError", "drop", "logRange", "reorg"] as const) expect(s[k], k).to.be.greaterThan(0);
      const client = createPublicClient({ chain: hardhat, transport: custom({ request: (a) => rpc.request(a) }, { retryCount: 0 }) }) as unknown as PublicClient;
      const house = (await rpc.request({ method: "eth_getTransactionReceipt", params: [((await rpc.request({ method: "eth_getBlockByNumber", params: ["0x1", true] })) as { transactions: { hash: string }[] }).transactions[0].hash] })) as { contractAddress: Address };
      for (let id = 1n; id <= BigInt(r.auctions); id++) {
        const report = await auditAuction(client, { auctionHouse: house.contractAddress, auctionId: id, fromBlock: 0n, rpc });
        expect(report.differences, `auction ${id}`).to.deep.equal([]);
        expect(report.ok).to.equal(true);
      }
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});
