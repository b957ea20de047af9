/**
 * The Hardhat CLI's audit end to end through the RPC fault proxy: a small market on the in-process `sim`
 * chain, then `auction:audit` for each auction over the `custom` http network (CUSTOM_RPC_URL) pointing at a
 * proxy that answers 429s, 5xx, dropped connections and eth_getLogs range and result limits. Every audit
 * must come back clean, with the same report as through a fault-free endpoint.
 */
import { expect } from "chai";
import { network } from "hardhat";
import type { Address } from "viem";
import { uniform } from "../../../lib/lab/distributions.js";
import type { RpcRequester } from "../../../lib/logs.js";
import { httpRpc } from "../../../lib/rpc/client.js";
import { startFaultProxy } from "../../../lib/rpc/fault-proxy.js";
import { runMarket } from "../../../lib/sim/market.js";
import { useConnection, type Connection } from "../../../tasks/common.js";
import { run } from "../cli/helpers.js";

describe("auction:audit through the RPC fault proxy (--network custom)", function () {
  this.timeout(180_000);

  it("test_cliAudit_throughRateLimitsServerErrorsDropsAndRangeLimits_cleanReports", async () => {
    const sim = await network.create("sim");
    const upstream = sim.provider as unknown as RpcRequester;
    const clean = await startFaultProxy({ upstream, seed: 1 });
    const faulty = await startFaultProxy({
      upstream, seed: 5,
      faults: { latency: 0.1, latencyMs: [1, 5], rateLimit: 0.15, serverError: 0.1, drop: 0.1 },
      logRangeLimit: 3, logResultLimit: 8,
    });
    const previousUrl = process.env.CUSTOM_RPC_URL;
    let restore: (() => void) | undefined;
    let conn: Awaited<ReturnType<typeof network.create>> | undefined;
    try {
      const rpc = httpRpc(clean.url);
      const r = await runMarket({ rpc, auctions: 6, bidders: 5, seed: 9, dist: uniform(0, 1), roundSize: 3, callsPerMulticall: 60, mix: { sealedReserve: 0.5, cancel: 0 } });
      expect(r.auditMismatches).to.equal(0);
      const first = (await rpc.request({ method: "eth_getBlockByNumber", params: ["0x1", true] })) as { transactions: { hash: string }[] };
      const house = ((await rpc.request({ method: "eth_getTransactionReceipt", params: [first.transactions[0].hash] })) as { contractAddress: Address }).contractAddress;

      process.env.CUSTOM_RPC_URL = faulty.url;
      conn = await network.create("custom");
      restore = useConnection(conn as unknown as Connection);
      for (let id = 1; id <= r.auctions; id++) {
        const audit = await run("auction:audit", { house, auction: String(id), fromBlock: "0" });
        expect(audit.err, `auction ${id}`).to.equal("");
        expect(audit.success, `auction ${id}: ${audit.error?.message}`).to.equal(true);
        expect(audit.value.ok, `auction ${id}`).to.equal(true);
        expect(audit.value.status).to.equal("settled");
        expect(audit.out).to.contain("OK: the settlement and the contract's state agree");
      }
      const s = faulty.stats().faultsInjected;
      for (const k of ["rateLimit", "serverError", "drop", "logRange", "logResults"] as const) expect(s[k], k).to.be.greaterThan(0);
    } finally {
      restore?.();
      await conn?.close();
      if (previousUrl === undefined) delete process.env.CUSTOM_RPC_URL;
      else process.env.CUSTOM_RPC_URL = previousUrl;
      await faulty.close();
      await clean.close();
      await sim.close();
    }
  });
});
