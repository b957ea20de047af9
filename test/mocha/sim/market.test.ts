/** The market simulation's end checks on a small run: every auction audited clean, no wei lost, by seed. */
import { expect } from "chai";
import { network } from "hardhat";
import { uniform } from "../../../lib/lab/distributions.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { httpRpc } from "../../../lib/rpc/client.js";
import { startFaultProxy } from "../../../lib/rpc/fault-proxy.js";
import { planAuction, DEFAULT_MIX } from "../../../lib/sim/agents.js";
import { runMarket } from "../../../lib/sim/market.js";
import { createRng } from "../../../lib/lab/random.js";

describe("market simulation", function () {
  this.timeout(120_000);

  it("test_sim_twentyAuctions_everyAuditCleanAndNoWeiLost", async () => {
    // The in-process `sim` chain behind the proxy (no faults): the simulation speaks HTTP JSON-RPC.
    const conn = await network.create("sim");
    const proxy = await startFaultProxy({ upstream: conn.provider as unknown as RpcRequester, seed: 1 });
    try {
      const r = await runMarket({ rpc: httpRpc(proxy.url), auctions: 20, bidders: 10, seed: 3, dist: uniform(0, 1), mix: { shillSeller: 0.3, griefer: 0.1, sealedReserve: 0.4, cancel: 0.1 } });
      expect(r.auctions + r.refusedCreates).to.equal(20);
      expect(r.cancelled).to.be.greaterThan(0);
      expect(r.bids).to.be.greaterThanOrEqual((r.auctions - r.cancelled) * 10);
      // Early openings inside a withheld reserve's window, griefers' own failures: refused as planned.
      expect(r.expectedReverts).to.be.greaterThan(0);
      expect(r.unexpectedReverts).to.deep.equal([]);
      expect(r.mismatchSamples).to.deep.equal([]);
      expect(r.auditMismatches).to.equal(0);
      expect(r.weiLost).to.equal(0n);
      expect(r.shillSellers).to.be.greaterThan(0);
    } finally {
      await proxy.close();
      await conn.close();
    }
  });

  it("test_planAuction_sameSeedSamePlans", () => {
    const plans = (seed: number) => {
      const ctx = { rng: createRng(seed), dist: uniform(0, 1), bidders: 8, mix: DEFAULT_MIX, bidderPool: 100, sellerPool: 10, grieferPool: 4, publicReserve: 0.5, saltLabel: `s${seed}` };
      return Array.from({ length: 30 }, (_, i) => planAuction(ctx, i));
    };
    expect(JSON.stringify(plans(5), (_, v) => (typeof v === "bigint" ? String(v) : v))).to.equal(JSON.stringify(plans(5), (_, v) => (typeof v === "bigint" ? String(v) : v)));
  });
});
