/**
 * auction:keeper — opens self-opening bids (rule 16). For one auction (--auction), every auction (--all) or
 * continuously (--watch): fetch each sealed opening's beacon round, decrypt, check the opening against its
 * commitment (lib/self-opening.ts), open the valid ones with revealMany in batches, and report the rest with
 * reasons. Exits non-zero when some self-opening bid could not be opened. Anyone may run it; the seller is
 * the natural keeper (more openings never lower its price).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Address } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { formatTable } from "../lib/audit.js";
import { PHASE, PHASE_NAMES } from "../lib/errors.js";
import { fetchAuctionHistory, listAuctions } from "../lib/history.js";
import { batchesOf, prepareSelfOpenings, sealedSelfOpenings, SELF_OPENING_STATUS_TEXT, type SelfOpeningVerdict } from "../lib/self-opening.js";
import { beaconFor, DEPLOYMENTS_DIR } from "../lib/deployments.js";
import { openingTimeOf, sealedRoundOf, type BeaconConfig } from "../lib/timelock.js";
import {
  action,
  assetOf,
  CliError,
  connect,
  err,
  formatAmount,
  formatTime,
  out,
  parseAuctionIdArg,
  parseCountArg,
  parseDurationArg,
  phaseOf,
  simulateAndSend,
  wallet,
  type CommonArgs,
  type Context,
} from "./common.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
  all: boolean;
  watch: boolean;
  interval: string;
  batch: string;
  beacon: string;
}

/** What one pass did for one auction. */
export interface KeeperAuctionReport {
  auctionId: bigint;
  phase: string;
  verdicts: SelfOpeningVerdict[];
  opened: Address[];
  transactions: `0x${string}`[];
}

/** Statuses that are not a failure: nothing is left to open. */
const DONE = new Set(["opened", "already-open"]);

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const one = args.auction.trim() !== "";
  if (one === args.all) throw new CliError("name one auction with --auction N, or pass --all");
  const id = one ? parseAuctionIdArg(args.auction) : null;
  const batchSize = parseCountArg(args.batch, "--batch") ?? 50;
  if (batchSize < 1 || batchSize > 500) throw new CliError(`--batch ${batchSize} must be between 1 and 500 openings per transaction`);
  const interval = parseDurationArg(args.interval, "--interval");
  const ctx = await connect(hre, args);
  const beacon = beaconOf(ctx, args.deployments, args.beacon);
  const w = await wallet(ctx, args.from);
  out(`Keeper ${w.account.address} on chain ${ctx.chainId}, house ${ctx.house}, beacon ${beacon.url} (chain ${beacon.chainHash.slice(0, 12)}…)`);

  const reports: KeeperAuctionReport[] = [];
  let stop = false;
  const onSignal = () => {
    stop = true;
  };
  if (args.watch) process.once("SIGINT", onSignal);
  try {
    for (;;) {
      try {
        const ids = id !== null ? [id] : await openableAuctions(ctx);
        for (const auctionId of ids) reports.push(await keepAuction(ctx, w, beacon, auctionId, batchSize, id !== null));
      } catch (e) {
        // A watching keeper outlives a node or beacon hiccup; a one-shot run reports it.
        if (!args.watch) throw e;
        err(`Pass failed: ${(e as Error).message.split("\n")[0]}; retrying in ${interval} s`);
      }
      if (!args.watch || stop) break;
      await new Promise((r) => setTimeout(r, interval * 1000));
      if (stop) break;
    }
  } finally {
    process.off("SIGINT", onSignal);
  }
  // Only the latest verdict of each bid counts (a watch may see a bid "not-yet", then open it).
  const latest = new Map<string, SelfOpeningVerdict & { auctionId: bigint }>();
  for (const r of reports) for (const v of r.verdicts) latest.set(`${r.auctionId}:${v.bidder}`, { ...v, auctionId: r.auctionId });
  const failed = [...latest.values()].filter((v) => !DONE.has(v.status));
  const opened = reports.reduce((n, r) => n + r.opened.length, 0);
  out(`Keeper opened ${opened} bid${opened === 1 ? "" : "s"}; ${failed.length} self-opening bid${failed.length === 1 ? "" : "s"} could not be opened.`);
  const result = { opened, reports, failed };
  if (failed.length > 0) throw new CliError(`${failed.length} self-opening bid${failed.length === 1 ? "" : "s"} could not be opened (reasons above)`, result);
  return result;
});

/** The chain's beacon (deployment record, else the local beacon or quicknet); --beacon moves its URL, never its key. */
function beaconOf(ctx: Context, deployments: string, url: string): BeaconConfig {
  const b = beaconFor(ctx.chainId, deployments.trim() || DEPLOYMENTS_DIR);
  return url.trim() === "" ? b : { ...b, url: url.trim() };
}

/** Auctions in their reveal window that have a still-sealed self-opening bid. */
async function openableAuctions(ctx: Context): Promise<bigint[]> {
  const all = await listAuctions(ctx.rpc, { auctionHouse: ctx.house, fromBlock: ctx.deployBlock });
  const ids: bigint[] = [];
  for (const s of all) {
    if (s.settlement !== null || s.cancelled !== null || s.openings >= s.commitments) continue;
    if ((await phaseOf(ctx, s.auctionId)) === PHASE.Revealing) ids.push(s.auctionId);
  }
  return ids;
}

async function keepAuction(
  ctx: Context,
  w: Awaited<ReturnType<typeof wallet>>,
  beacon: BeaconConfig,
  auctionId: bigint,
  batchSize: number,
  named: boolean,
): Promise<KeeperAuctionReport> {
  const phase = await phaseOf(ctx, auctionId);
  if (phase === PHASE.None) throw new CliError(`there is no auction ${auctionId} at ${ctx.house} on chain ${ctx.chainId}`);
  const history = await fetchAuctionHistory(ctx.rpc, { auctionHouse: ctx.house, auctionId, chainId: ctx.chainId, fromBlock: ctx.deployBlock });
  const report: KeeperAuctionReport = { auctionId, phase: PHASE_NAMES[phase], verdicts: [], opened: [], transactions: [] };
  if (phase !== PHASE.Revealing) {
    if (named) out(`Auction ${auctionId} is in phase ${PHASE_NAMES[phase]}: bids open only in the reveal window.`);
    // Still-sealed self-opening bids: not openable yet (before the window) or never again (after it).
    const early = phase === PHASE.Committing || phase === PHASE.OpeningReserve;
    const detail = early
      ? `bids open from ${formatTime(openingTimeOf(history.created!.terms))} (chain time)`
      : "nobody opened it in the reveal window: its bond is forfeited";
    report.verdicts = sealedSelfOpenings(history)
      .map((b) => ({ bidder: b.bidder, order: b.order, round: sealedRoundOf(b.sealedOpening!.ciphertext), status: early ? ("not-yet" as const) : ("too-late" as const), detail }));
    if (report.verdicts.length > 0) printVerdicts(auctionId, report.verdicts);
    return report;
  }
  report.verdicts = await prepareSelfOpenings(history, beacon);
  const ready = report.verdicts.filter((v) => v.status === "ready");
  const asset = await assetOf(ctx, history.created!.terms.paymentToken);
  for (const batch of batchesOf(ready, batchSize)) {
    const sent = await simulateAndSend(
      ctx,
      w,
      { address: ctx.house, abi: auctionHouseAbi, functionName: "revealMany", args: [auctionId, batch.map((v) => v.opening!)] },
      { formatAmount: (x: bigint) => formatAmount(x, asset) },
    );
    report.transactions.push(sent.hash);
    const revealed = new Set(
      sent.events.filter((e) => e.eventName === "BidRevealed").map((e) => (e.args as { bidder: Address }).bidder.toLowerCase()),
    );
    for (const v of batch) {
      const mine = revealed.has(v.bidder.toLowerCase());
      if (mine) report.opened.push(v.bidder);
      Object.assign(v, mine ? { status: "opened", detail: `in tx ${sent.hash}` } : { status: "already-open", detail: "opened by someone else before this batch landed" });
    }
    out(`Auction ${auctionId}: opened ${revealed.size} of ${batch.length} in tx ${sent.hash} (gas ${sent.receipt.gasUsed})`);
    // Hidden-deposit bids: the batch swept their vaults (the entry's deposit is the bond, as BidCommitted said).
    const sweeps = sent.events.filter((e) => e.eventName === "VaultSwept").map((e) => e.args as { bidder: Address; collateral: bigint });
    for (const sw of sweeps) out(`  hidden deposit of ${sw.bidder}: its vault sweep counted ${formatAmount(sw.collateral, asset)}`);
  }
  printVerdicts(auctionId, report.verdicts);
  return report;
}

function printVerdicts(auctionId: bigint, verdicts: SelfOpeningVerdict[]): void {
  if (verdicts.length === 0) {
    out(`Auction ${auctionId}: no self-opening bids.`);
    return;
  }
  out(`Auction ${auctionId}: ${verdicts.length} self-opening bid${verdicts.length === 1 ? "" : "s"}`);
  out(
    formatTable(
      ["order", "bidder", "round", "status", "why"],
      verdicts.map((v) => [
        String(v.order), v.bidder, v.round === undefined ? "?" : String(v.round), SELF_OPENING_STATUS_TEXT[v.status],
        `${v.detail}${v.readableEarly ? " (sealed to a round before the opening time: it was readable early)" : ""}`,
      ]),
    ),
  );
}
