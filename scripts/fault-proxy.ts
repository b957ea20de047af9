/**
 * The RPC fault proxy as a command (lib/rpc/fault-proxy.ts): listens on 127.0.0.1 and forwards to a node,
 * injecting faults deterministically from a seed. Prints its counters every 10 s and on Ctrl-C.
 *
 *   npm run fault-proxy -- --upstream http://127.0.0.1:8545 [--port 8546] [--seed 1]
 *       [--latency 0.1] [--rate-limit 0.05] [--server-error 0.02] [--drop 0.02]
 *       [--log-range-limit 1000] [--log-result-limit 10000] [--reorg-every 20] [--reorg-depth 2]
 *       [--duration SECONDS]
 *
 * Then point any client at it, e.g. a Hardhat http network with `url: "http://127.0.0.1:8546"` and
 * `npx hardhat auction:audit --network <it> --auction 1`.
 */
import { startFaultProxy } from "../lib/rpc/fault-proxy.js";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}
const num = (name: string) => {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
  return n;
};

const upstream = arg("upstream") ?? "http://127.0.0.1:8545";
const proxy = await startFaultProxy({
  upstream,
  port: num("port") ?? 8546,
  seed: num("seed") ?? 1,
  faults: { latency: num("latency"), rateLimit: num("rate-limit"), serverError: num("server-error"), drop: num("drop") },
  logRangeLimit: num("log-range-limit"),
  logResultLimit: num("log-result-limit"),
  reorgEvery: num("reorg-every"),
  reorgDepth: num("reorg-depth"),
});
console.log(`fault proxy ${proxy.url} → ${upstream}`);
const show = () => {
  const s = proxy.stats();
  console.log(`${s.requests} requests, ${s.calls} calls: ${Object.entries(s.faultsInjected).map(([k, v]) => `${k} ${v}`).join(", ")}`);
};
const timer = setInterval(show, 10_000);
const stop = async () => {
  clearInterval(timer);
  show();
  await proxy.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
const duration = num("duration");
if (duration !== undefined) setTimeout(stop, duration * 1000);
