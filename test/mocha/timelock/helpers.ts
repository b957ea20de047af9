/**
 * What the timelock tests share: an in-process Hardhat chain served over HTTP (through the RPC fault proxy,
 * without faults) so a local beacon reads its chain time exactly as `npm start`'s does; chain-time controls;
 * a sealer for arbitrary payloads through tlock-js's own client; and small HTTP servers that stand in for a
 * beacon (a tampering relay, a replay of quicknet's published answers).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { network } from "hardhat";
import { Buffer, HttpCachingChain, HttpChainClient, timelockEncrypt } from "tlock-js";
import { bytesToHex, type Hex } from "viem";
import type { RpcRequester } from "../../../lib/logs.js";
import { startFaultProxy, type FaultProxy } from "../../../lib/rpc/fault-proxy.js";
import type { BeaconConfig } from "../../../lib/timelock.js";
import { startBeacon, type BeaconServer } from "../../../scripts/beacon.js";

export type Conn = Awaited<ReturnType<typeof network.create>>;

export interface LocalChain {
  conn: Conn;
  proxy: FaultProxy;
  /** The chain's JSON-RPC over HTTP. */
  rpcUrl: string;
  chainTime(): Promise<number>;
  /** Mines a block `seconds` after the latest one. */
  advance(seconds: number): Promise<void>;
  /** Mines a block at exactly `timestamp`. */
  mineAt(timestamp: number): Promise<void>;
  close(): Promise<void>;
}

export async function localChain(): Promise<LocalChain> {
  const conn = await network.create();
  const rpc = conn.provider as unknown as RpcRequester;
  const proxy = await startFaultProxy({ upstream: rpc });
  const chainTime = async () => {
    const b = (await rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp: Hex };
    return Number(BigInt(b.timestamp));
  };
  return {
    conn,
    proxy,
    rpcUrl: proxy.url,
    chainTime,
    async advance(seconds) {
      await rpc.request({ method: "evm_increaseTime", params: [seconds] });
      await rpc.request({ method: "evm_mine", params: [] });
    },
    async mineAt(timestamp) {
      await rpc.request({ method: "evm_setNextBlockTimestamp", params: [timestamp] });
      await rpc.request({ method: "evm_mine", params: [] });
    },
    async close() {
      await proxy.close();
      await conn.close();
    },
  };
}

export async function localBeacon(chain: LocalChain, seed?: string): Promise<BeaconServer> {
  return startBeacon({ rpcUrl: chain.rpcUrl, port: 0, seed });
}

/** Seals any payload to `round` through tlock-js's verifying client (what sealOpening does for 64 bytes). */
export async function sealRaw(beacon: BeaconConfig, round: number, payload: Uint8Array): Promise<Hex> {
  const options = { disableBeaconVerification: false, noCache: false, chainVerificationParams: { chainHash: beacon.chainHash, publicKey: beacon.publicKey } };
  const client = new HttpChainClient(new HttpCachingChain(`${beacon.url}/${beacon.chainHash}`, options), options, {});
  const armored = await timelockEncrypt(round, Buffer.from(payload), client);
  const b64 = armored.split("\n").filter((l) => l && !l.startsWith("-----")).join("");
  return bytesToHex(Buffer.from(b64, "base64"));
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** An HTTP server on 127.0.0.1 (any free port). */
export async function serve(handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
  };
}

/** A relay in front of `upstream` that may rewrite JSON answers (path → body). */
export function tamperingRelay(upstream: string, rewrite: (path: string, body: Record<string, unknown>) => Record<string, unknown>) {
  return serve(async (req, res) => {
    const r = await fetch(upstream + (req.url ?? "/"));
    const text = await r.text();
    let body = text;
    if (r.ok && (r.headers.get("content-type") ?? "").includes("json")) {
      const j = JSON.parse(text);
      body = JSON.stringify(Array.isArray(j) ? j : rewrite(req.url ?? "/", j));
    }
    res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "text/plain" });
    res.end(body);
  });
}
