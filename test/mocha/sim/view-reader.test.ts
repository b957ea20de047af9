/**
 * The auditor's view reads: every position at once through AuctionViewReader (an eth_call state override)
 * equals the per-view multicall path, and a node that refuses state overrides gets the same views.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom, type Address, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { readContractViews, readPositions } from "../../../lib/audit.js";
import { fetchAllHistories } from "../../../lib/history.js";
import { uniform } from "../../../lib/lab/distributions.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { httpRpc } from "../../../lib/rpc/client.js";
import { startFaultProxy } from "../../../lib/rpc/fault-proxy.js";
import { runMarket } from "../../../lib/sim/market.js";

describe("contract views for the audit (AuctionViewReader)", function () {
  this.timeout(120_000);

  it("test_readContractViews_stateOverrideReader_equalsMulticallAndFallsBackWithoutOverrides", async () => {
    const sim = await network.create("sim");
    const proxy = await startFaultProxy({ upstream: sim.provider as unknown as RpcRequester, seed: 1 });
    try {
      const rpc = httpRpc(proxy.url);
      const r = await runMarket({ rpc, auctions: 8, bidders: 6, seed: 21, dist: uniform(0, 1), mix: { forgetful: 0.3, griefer: 0.2 } });
      expect(r.auditMismatches).to.equal(0);
      let overrides = 0;
      const counting: RpcRequester = {
        request: (a) => {
          if (a.method === "eth_call" && Array.isArray(a.params) && a.params.length > 2) overrides += 1;
          return rpc.request(a);
        },
      };
      const refusing: RpcRequester = {
        request: async (a) => {
          if (a.method === "eth_call" && Array.isArray(a.params) && a.params.length > 2) throw new Error("state overrides are not supported");
          return rpc.request(a);
        },
      };
      const client = (p: RpcRequester) => createPublicClient({ chain: hardhat, transport: custom(p, { retryCount: 0 }) }) as unknown as PublicClient;
      const first = (await rpc.request({ method: "eth_getBlockByNumber", params: ["0x1", true] })) as { transactions: { hash: string }[] };
      const house = ((await rpc.request({ method: "eth_getTransactionReceipt", params: [first.transactions[0].hash] })) as { contractAddress: Address }).contractAddress;
      const all = await fetchAllHistories(rpc, { auctionHouse: house, fromBlock: 0n });
      const statuses = new Set<number>();
      for (const h of all.histories.values()) {
        const fast = await readContractViews(client(counting), h, all.toBlock);
        const slow = await readContractViews(client(refusing), h, all.toBlock);
        expect(fast).to.deep.equal(slow);
        for (const p of fast.positions.values()) statuses.add(p.status);
        // Split into calls of two bidders: the same rows in the same order.
        const small = await readPositions(client(rpc), house, h.auctionId, h.bidders.map((b) => b.bidder), all.toBlock, { perCall: 2 });
        expect(small).to.deep.equal(h.bidders.map((b) => fast.positions.get(b.bidder.toLowerCase())));
      }
      expect(overrides).to.be.greaterThanOrEqual(all.histories.size);
      expect([...statuses].sort()).to.deep.equal([0, 1, 2]); // none, sealed and held positions all compared
    } finally {
      await proxy.close();
      await sim.close();
    }
  });
});
