/**
 * auction:keeper — opens self-opening bids (rule 16). For one auction (--auction), every auction (--all) or
 * continuously (--watch): fetch each sealed opening's beacon round, decrypt, check the opening against its
 * commitment (lib/self-opening.ts), open the valid ones with revealMany in batches, and report the rest with
 * reasons. Exits non-zero when some self-opening bid could not be opened. Anyone may run it; the seller is
 * the natural keeper (more openings never lower its price).
 *
 * kunit:keeper (tasks/kunit/keeper.ts) is this same task on the k-unit house: the `KeeperHouse` below is all
 * that differs (which house, its logs, and revealMany entries carrying top-set hints computed from the logs
 * for the batch, entries the house skipped as stale retried once with fresh hints, as kunit:reveal-many does).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Address, Hex } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { formatTable } from "../lib/audit.js";
import { PHASE, PHASE_NAMES } from "../lib/errors.js";
import { fetchAuctionHistory, listAuctions } from "../lib/history.js";
import { fetchAllKUnitHistories, fetchKUnitHistory, kUnitBidderOf, topSetOf, type KUnitHistory } from "../lib/kunit-history.js";
import { kUnitAuctionHouseAbi } from "../lib/kunit-abi.js";
import {
  batchesOf, prepareSelfOpenings, sealedBidsOf, SELF_OPENING_STATUS_TEXT, type BatchOpening, type SelfOpeningHistory, type SelfOpeningVerdict,
} from "../lib/self-opening.js";
import { batchHints } from "../lib/top-set.js";
import { openingTimeOf, sealedRoundOf, type BeaconConfig } from "../lib/timelock.js";
import {
  action,
  assetOf,
  beaconOf,
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
import { depositAtOpening, kunitView } from "./kunit/common.js";

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

type Wallet = Awaited<ReturnType<typeof wallet>>;

/** What differs between the houses for the keeper; everything else is one implementation. */
export interface KeeperHouse {
  kind: "single" | "kunit";
  /** "Auction" or "K-unit auction", at the start of report lines. */
  label: string;
  phaseOf(ctx: Context, auctionId: bigint): Promise<number>;
  history(ctx: Context, auctionId: bigint): Promise<SelfOpeningHistory>;
  /** Auctions in their reveal window with a commitment not opened yet. */
  openable(ctx: Context): Promise<bigint[]>;
  /** Opens `batch` with revealMany; entries the house skipped are left out of `opened`. */
  open(ctx: Context, w: Wallet, history: SelfOpeningHistory, batch: BatchOpening[], fmt: (x: bigint) => string): Promise<{ opened: Set<string>; transactions: { hash: Hex; gas: bigint; opened: number; of: number }[] }>;
}

/** Hidden-deposit bids: the batch swept their vaults (the entry's deposit is the bond, as BidCommitted said). */
function reportSweeps(events: { eventName: string; args: unknown }[], fmt: (x: bigint) => string): void {
  const sweeps = events.filter((e) => e.eventName === "VaultSwept").map((e) => e.args as { bidder: Address; collateral: bigint });
  for (const sw of sweeps) out(`  hidden deposit of ${sw.bidder}: its vault sweep counted ${fmt(sw.collateral)}`);
}

const revealedBy = (events: { eventName: string; args: unknown }[]) =>
  events.filter((e) => e.eventName === "BidRevealed").map((e) => (e.args as { bidder: Address }).bidder.toLowerCase());

/** The single-item AuctionHouse: entries as they are. */
export const SINGLE_HOUSE: KeeperHouse = {
  kind: "single",
  label: "Auction",
  phaseOf,
  history: (ctx, auctionId) => fetchAuctionHistory(ctx.rpc, { auctionHouse: ctx.house, auctionId, chainId: ctx.chainId, fromBlock: ctx.deployBlock }),
  async openable(ctx) {
    const all = await listAuctions(ctx.rpc, { auctionHouse: ctx.house, fromBlock: ctx.deployBlock });
    const ids: bigint[] = [];
    for (const s of all) {
      if (s.settlement !== null || s.cancelled !== null || s.openings >= s.commitments) continue;
      if ((await phaseOf(ctx, s.auctionId)) === PHASE.Revealing) ids.push(s.auctionId);
    }
    return ids;
  },
  async open(ctx, w, history, batch, fmt) {
    const sent = await simulateAndSend(ctx, w, { address: ctx.house, abi: auctionHouseAbi, functionName: "revealMany", args: [history.auctionId, batch] }, { formatAmount: fmt });
    const opened = new Set(revealedBy(sent.events));
    reportSweeps(sent.events, fmt);
    return { opened, transactions: [{ hash: sent.hash, gas: sent.receipt.gasUsed, opened: opened.size, of: batch.length }] };
  },
};

/**
 * Each entry's top-set hint, computed on the set the entries before it in the batch leave (lib/top-set.ts); a
 * hidden-deposit entry is ranked with the deposit its sweep will count, guessed from its vault now.
 */
async function hintedEntries(ctx: Context, h: KUnitHistory, batch: BatchOpening[]) {
  const valid = await Promise.all(batch.map(async (e) => {
    const b = kUnitBidderOf(h, e.bidder);
    return e.amount <= (b === undefined ? e.deposit : await depositAtOpening(ctx, h, b, e.salt));
  }));
  const hints = batchHints(topSetOf(h), batch.map((e, i) => ({ amount: e.amount, order: Number(e.order), valid: valid[i] })));
  return batch.map((e, i) => ({ ...e, hint: BigInt(hints[i]) }));
}

/** The k-unit house: entries carry hints from the logs; entries skipped as stale are sent again once with fresh ones. */
export const KUNIT_HOUSE: KeeperHouse = {
  kind: "kunit",
  label: "K-unit auction",
  phaseOf: async (ctx, auctionId) => Number(await kunitView<number>(ctx, "phaseOf", [auctionId])),
  history: (ctx, auctionId) => fetchKUnitHistory(ctx.rpc, { auctionHouse: ctx.house, auctionId, chainId: ctx.chainId, fromBlock: ctx.deployBlock }),
  async openable(ctx) {
    const all = await fetchAllKUnitHistories(ctx.rpc, { auctionHouse: ctx.house, chainId: ctx.chainId, fromBlock: ctx.deployBlock });
    const ids: bigint[] = [];
    for (const h of all.values()) {
      if (h.created === null || h.settlement !== null || h.cancelled !== null || h.openings.length >= h.bidders.length) continue;
      if ((await KUNIT_HOUSE.phaseOf(ctx, h.auctionId)) === PHASE.Revealing) ids.push(h.auctionId);
    }
    return ids;
  },
  async open(ctx, w, history, batch, fmt) {
    const opened = new Set<string>();
    const transactions: { hash: Hex; gas: bigint; opened: number; of: number }[] = [];
    let h = history as KUnitHistory;
    let pending = batch;
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      if (attempt > 0) {
        // The top set moved under the batch (someone opened bids meanwhile): fresh hints from the logs, once.
        h = (await KUNIT_HOUSE.history(ctx, h.auctionId)) as KUnitHistory;
        pending = pending.filter((e) => kUnitBidderOf(h, e.bidder)?.opening === null);
        if (pending.length === 0) break;
      }
      const entries = await hintedEntries(ctx, h, pending);
      let sent;
      try {
        sent = await simulateAndSend(ctx, w, { address: ctx.house, abi: kUnitAuctionHouseAbi, functionName: "revealMany", args: [h.auctionId, entries] }, { formatAmount: fmt }, kUnitAuctionHouseAbi);
      } catch (e) {
        // A swept (hidden-deposit) entry with a stale hint reverts the batch instead of being skipped: once more.
        if (attempt > 0 || !(e instanceof CliError) || !/hint .* is too stale/.test(e.message)) throw e;
        continue;
      }
      const now = revealedBy(sent.events);
      reportSweeps(sent.events, fmt);
      for (const b of now) opened.add(b);
      transactions.push({ hash: sent.hash, gas: sent.receipt.gasUsed, opened: now.length, of: pending.length });
      pending = pending.filter((e) => !opened.has(e.bidder.toLowerCase()));
    }
    return { opened, transactions };
  },
};

export default keeperAction(SINGLE_HOUSE);

export function keeperAction(house: KeeperHouse) {
  return action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
    const one = args.auction.trim() !== "";
    if (one === args.all) throw new CliError("name one auction with --auction N, or pass --all");
    const id = one ? parseAuctionIdArg(args.auction) : null;
    const batchSize = parseCountArg(args.batch, "--batch") ?? 50;
    if (batchSize < 1 || batchSize > 500) throw new CliError(`--batch ${batchSize} must be between 1 and 500 openings per transaction`);
    const interval = parseDurationArg(args.interval, "--interval");
    const ctx = await connect(hre, args, undefined, house.kind);
    const beacon = beaconOf(ctx, args.deployments, args.beacon);
    const w = await wallet(ctx, args.from);
    out(`Keeper ${w.account.address} on chain ${ctx.chainId}, ${house.kind === "kunit" ? "k-unit house" : "house"} ${ctx.house}, beacon ${beacon.url} (chain ${beacon.chainHash.slice(0, 12)}…)`);

    const reports: KeeperAuctionReport[] = [];
    let stop = false;
    const onSignal = () => {
      stop = true;
    };
    if (args.watch) process.once("SIGINT", onSignal);
    try {
      for (;;) {
        try {
          const ids = id !== null ? [id] : await house.openable(ctx);
          for (const auctionId of ids) reports.push(await keepAuction(house, ctx, w, beacon, auctionId, batchSize, id !== null));
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
}

async function keepAuction(
  house: KeeperHouse,
  ctx: Context,
  w: Wallet,
  beacon: BeaconConfig,
  auctionId: bigint,
  batchSize: number,
  named: boolean,
): Promise<KeeperAuctionReport> {
  const label = `${house.label} ${auctionId}`;
  const phase = await house.phaseOf(ctx, auctionId);
  if (phase === PHASE.None) throw new CliError(`there is no ${house.kind === "kunit" ? "k-unit auction" : "auction"} ${auctionId} at ${ctx.house} on chain ${ctx.chainId}`);
  const history = await house.history(ctx, auctionId);
  const report: KeeperAuctionReport = { auctionId, phase: PHASE_NAMES[phase], verdicts: [], opened: [], transactions: [] };
  if (phase !== PHASE.Revealing) {
    if (named) out(`${label} is in phase ${PHASE_NAMES[phase]}: bids open only in the reveal window.`);
    // Still-sealed self-opening bids: not openable yet (before the window) or never again (after it).
    const early = phase === PHASE.Committing || phase === PHASE.OpeningReserve;
    const detail = early
      ? `bids open from ${formatTime(openingTimeOf(history.created!.terms))} (chain time)`
      : "nobody opened it in the reveal window: its bond is forfeited";
    report.verdicts = sealedBidsOf(history)
      .filter((b) => b.opening === null)
      .map((b) => ({ bidder: b.bidder, order: b.order, round: sealedRoundOf(b.ciphertext), status: early ? ("not-yet" as const) : ("too-late" as const), detail }));
    if (report.verdicts.length > 0) printVerdicts(label, report.verdicts);
    return report;
  }
  report.verdicts = await prepareSelfOpenings(history, beacon);
  const ready = report.verdicts.filter((v) => v.status === "ready");
  const asset = await assetOf(ctx, history.created!.terms.paymentToken);
  const fmt = (x: bigint) => formatAmount(x, asset);
  for (const batch of batchesOf(ready, batchSize)) {
    const sent = await house.open(ctx, w, history, batch.map((v) => v.opening!), fmt);
    for (const t of sent.transactions) {
      report.transactions.push(t.hash);
      out(`${label}: opened ${t.opened} of ${t.of} in tx ${t.hash} (gas ${t.gas})`);
    }
    const last = sent.transactions.at(-1)?.hash;
    for (const v of batch) {
      const mine = sent.opened.has(v.bidder.toLowerCase());
      if (mine) report.opened.push(v.bidder);
      Object.assign(v, mine ? { status: "opened", detail: `in tx ${last}` } : { status: "already-open", detail: "opened by someone else before this batch landed" });
    }
  }
  printVerdicts(label, report.verdicts);
  return report;
}

function printVerdicts(label: string, verdicts: SelfOpeningVerdict[]): void {
  if (verdicts.length === 0) {
    out(`${label}: no self-opening bids.`);
    return;
  }
  out(`${label}: ${verdicts.length} self-opening bid${verdicts.length === 1 ? "" : "s"}`);
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
