/**
 * The local drand beacon: drand's HTTP API on 127.0.0.1 for the key and rules of lib/beacon.ts, releasing
 * rounds by the CHAIN time of a local node (see lib/beacon.ts), so that the unmodified tlock-js / drand-client
 * code seals and opens self-opening bids against it exactly as against quicknet.
 *
 *   GET /chains                          ["<chain hash>"]
 *   GET /info, /<hash>/info              chain info (drand v1 JSON: public_key, period, genesis_time, hash,
 *                                        groupHash, schemeID, metadata.beaconID)
 *   GET /public/latest, /<hash>/public/latest
 *   GET /public/<r>, /<hash>/public/<r>  {round, randomness, signature}; a round whose chain time the latest
 *                                        block has not reached: 425 "Requested future beacon", as drand's relays
 *                                        answer (clients read it as "not yet")
 *   CORS: any origin may GET (the browser app fetches it); OPTIONS preflights answered.
 *
 * In-process:  const b = await startBeacon({ rpcUrl, port });  b.config (a BeaconConfig);  await b.close();
 * CLI:         tsx scripts/beacon.ts --rpc http://127.0.0.1:8545 --port 8580 [--seed S]   (Ctrl-C stops it)
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChainInfo } from "tlock-js";
import { DEFAULT_BEACON_SEED, LOCAL_BEACON_PORT, LOCAL_CLOCK_OFFSET, localBeaconKeys, releasedRound, signRound, type BeaconJson } from "../lib/beacon.js";
import type { BeaconConfig } from "../lib/timelock.js";

export const DEFAULT_BEACON_PORT = LOCAL_BEACON_PORT;
const HOST = "127.0.0.1";

export interface BeaconOptions {
  /** The local chain whose latest block time releases rounds. */
  rpcUrl: string;
  /** Port on 127.0.0.1 (0: any free port). Default 8580. */
  port?: number;
  /** Key seed (default: DEFAULT_BEACON_SEED, the key `npm start` uses). */
  seed?: string;
  /** How long a read chain time is reused for a round already released by it (ms). Default 1000. */
  chainTimeCacheMs?: number;
}

export interface BeaconServer {
  url: string;
  config: BeaconConfig;
  info: ChainInfo;
  /** The latest block time the beacon read (seconds), and the round it releases. */
  status(): Promise<{ chainTime: number; latestRound: number }>;
  close(): Promise<void>;
}

class ChainUnreachable extends Error {}

export async function startBeacon(options: BeaconOptions): Promise<BeaconServer> {
  const { secretKey, info } = localBeaconKeys(options.seed ?? DEFAULT_BEACON_SEED);
  const cacheMs = options.chainTimeCacheMs ?? 1000;
  const signatures = new Map<number, BeaconJson>();
  let cached: { time: number; at: number } | null = null;
  let inFlight: Promise<number> | null = null;

  /** The latest block's timestamp; concurrent reads share one request. */
  const readChainTime = (): Promise<number> => {
    inFlight ??= (async () => {
      try {
        const r = await fetch(options.rpcUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getBlockByNumber", params: ["latest", false] }),
          signal: AbortSignal.timeout(5000),
        });
        const j = (await r.json()) as { result?: { timestamp?: string } };
        const time = Number(BigInt(j.result?.timestamp ?? "x"));
        cached = { time, at: Date.now() };
        return time;
      } catch (e) {
        throw new ChainUnreachable(`chain RPC ${options.rpcUrl}: ${e instanceof Error ? e.message : e}`);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
  const latestRound = async (fresh: boolean) => {
    const time = !fresh && cached && Date.now() - cached.at < cacheMs ? cached.time : await readChainTime();
    return releasedRound(info, LOCAL_CLOCK_OFFSET, time);
  };
  const beacon = (round: number) => {
    let b = signatures.get(round);
    if (!b) {
      if (signatures.size > 10_000) signatures.clear();
      b = signRound(secretKey, round);
      signatures.set(round, b);
    }
    return b;
  };

  const send = (res: ServerResponse, status: number, body: unknown, cache: string) => {
    res.writeHead(status, {
      "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
      "cache-control": cache,
      "access-control-allow-origin": "*",
    });
    res.end(typeof body === "string" ? body + "\n" : JSON.stringify(body));
  };
  const NO_STORE = "no-store";
  const IMMUTABLE = "public, max-age=31536000, immutable";

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET, OPTIONS",
        "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*",
        "access-control-max-age": "86400",
      });
      return void res.end();
    }
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "Method not allowed", NO_STORE);
    const parts = new URL(req.url ?? "/", "http://beacon").pathname.split("/").filter(Boolean);
    if (parts.length === 1 && parts[0] === "chains") return send(res, 200, [info.hash], NO_STORE);
    // "/<hash>/…" for this chain; "/…" is the default chain (this one), as drand's API has it.
    if (parts.length > 0 && /^[0-9a-f]{64}$/.test(parts[0])) {
      if (parts[0] !== info.hash) return send(res, 404, "Chain not found", NO_STORE);
      parts.shift();
    }
    if (parts.length === 1 && parts[0] === "info") return send(res, 200, info, IMMUTABLE);
    if (parts.length === 1 && parts[0] === "health") return send(res, 200, { status: "ok" }, NO_STORE);
    if (parts.length === 2 && parts[0] === "public") {
      const latest = await latestRound(parts[1] === "latest");
      const round = parts[1] === "latest" ? 0 : /^\d{1,15}$/.test(parts[1]) ? Number(parts[1]) : NaN;
      if (Number.isNaN(round)) return send(res, 400, `Failed to parse round parameter ${JSON.stringify(parts[1])}`, NO_STORE);
      if (round === 0) {
        if (latest === 0) return send(res, 425, "Requested future beacon", NO_STORE);
        return send(res, 200, beacon(latest), NO_STORE);
      }
      // Not released by the last read chain time: read it again before saying no.
      if (round > latest && round > (await latestRound(true))) return send(res, 425, "Requested future beacon", NO_STORE);
      return send(res, 200, beacon(round), IMMUTABLE);
    }
    return send(res, 404, "Not found", NO_STORE);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, e instanceof ChainUnreachable ? 503 : 500, e instanceof Error ? e.message : String(e), NO_STORE);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? DEFAULT_BEACON_PORT, HOST, () => ok());
  });
  const url = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    info,
    config: { url, chainHash: info.hash, publicKey: info.public_key, clockOffset: LOCAL_CLOCK_OFFSET },
    async status() {
      const chainTime = await readChainTime();
      return { chainTime, latestRound: releasedRound(info, LOCAL_CLOCK_OFFSET, chainTime) };
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const rpcUrl = arg("rpc") ?? process.env.RPC_URL ?? "http://127.0.0.1:8545";
  const port = Number(arg("port") ?? process.env.BEACON_PORT ?? DEFAULT_BEACON_PORT);
  const b = await startBeacon({ rpcUrl, port, seed: arg("seed") });
  console.log(`local drand beacon on ${b.url}, releasing rounds by the chain time of ${rpcUrl}`);
  console.log(`chain ${b.info.hash} (${b.info.schemeID}, every ${b.info.period} s, clock offset ${b.config.clockOffset} s)`);
  console.log(`BeaconConfig: ${JSON.stringify(b.config)}`);
  const stop = () => void b.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`beacon: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  });
}
