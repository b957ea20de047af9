/**
 * kunit:reveal-many — opens several bids of one auction in one transaction (revealMany), e.g. a keeper holding
 * receipts handed to it. Each hint is computed on the set the entries before it leave (lib/top-set.ts
 * batchHints). The house skips an entry whose hint went stale instead of reverting the batch; such entries are
 * given fresh hints from the logs and sent again, once. A hidden-deposit entry (rule 16) is ranked with the
 * deposit its sweep will count, guessed from its vault's balance now (depositAtOpening); the house cannot skip
 * a swept entry, so a stale hint there reverts the batch, which is then recomputed and sent again, once.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { PHASE } from "../../lib/errors.js";
import { kUnitBidderOf, topSetOf, type KUnitHistory } from "../../lib/kunit-history.js";
import { receiptProblems, type BidReceipt } from "../../lib/receipt.js";
import { batchHints } from "../../lib/top-set.js";
import { action, CliError, out, readReceiptFile, requirePhase, wallet, type CommonArgs } from "../common.js";
import { connectKUnit, depositAtOpening, loadKUnit, sendKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  receipts: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const paths = args.receipts.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (paths.length === 0) throw new CliError("--receipts is required: bid receipt files of one auction, separated by commas");
  const receipts: BidReceipt[] = paths.map((p) => readReceiptFile(p));
  for (const [i, r] of receipts.entries()) if (r.role !== "bid") throw new CliError(`${paths[i]} is a sealed-reserve receipt: open it with kunit:reveal-reserve`);
  const id = receipts[0].auctionId;
  const other = receipts.findIndex((r) => r.auctionId !== id);
  if (other >= 0) throw new CliError(`${paths[other]} is for auction ${receipts[other].auctionId}, not ${id}: one batch opens bids of one auction`);
  const ctx = await connectKUnit(hre, args);
  let a = await loadKUnit(ctx, id);
  requirePhase(a, [PHASE.Revealing], "open bids");
  const seen = new Set<string>();
  for (const [i, r] of receipts.entries()) {
    const b = kUnitBidderOf(a.history, r.account);
    const problems = receiptProblems(r, { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: id, onChainCommitment: b ? b.commitment : null });
    if (problems.length > 0) throw new CliError(`${paths[i]}: ${problems.join("; ")}`);
    if (b!.opening) throw new CliError(`${paths[i]}: ${r.account}'s bid is already open (block ${b!.opening.blockNumber})`);
    if (seen.has(r.account.toLowerCase())) throw new CliError(`${paths[i]}: a second receipt for ${r.account}`);
    seen.add(r.account.toLowerCase());
  }
  const entries = async (h: KUnitHistory, rs: BidReceipt[]) => {
    const bids = await Promise.all(rs.map(async (r) => {
      const b = kUnitBidderOf(h, r.account)!;
      return { r, deposit: b.deposit, order: b.order, valid: r.amount <= (await depositAtOpening(ctx, h, b, r.salt)) };
    }));
    const hints = batchHints(topSetOf(h), bids.map((x) => ({ amount: x.r.amount, order: x.order, valid: x.valid })));
    return bids.map((x, i) => ({ bidder: x.r.account, amount: x.r.amount, salt: x.r.salt, deposit: x.deposit, order: BigInt(x.order), hint: BigInt(hints[i]) }));
  };
  const w = await wallet(ctx, args.from);
  const opened = new Set<string>();
  const txs: string[] = [];
  let pending = receipts;
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    if (attempt > 0) {
      a = await loadKUnit(ctx, id);
      out(`${pending.length} entr${pending.length === 1 ? "y was" : "ies were"} skipped (stale hints: the top set changed); retrying with hints from the logs.`);
    }
    let sent;
    try {
      sent = await sendKUnit(ctx, w, "revealMany", [id, await entries(a.history, pending)], { fmt: a.fmt });
    } catch (e) {
      // A hidden-deposit entry whose hint went stale reverts the batch (its vault was swept): once more, fresh.
      if (attempt > 0 || !(e instanceof CliError) || !/hint .* is too stale/.test(e.message)) throw e;
      out("A hidden-deposit entry's hint was stale (the top set changed, or its vault holds other than it did); retrying with hints from the logs.");
      continue;
    }
    txs.push(sent.hash);
    for (const e of sent.events) if (e.eventName === "BidRevealed") opened.add(String((e.args as { bidder: string }).bidder).toLowerCase());
    pending = pending.filter((r) => !opened.has(r.account.toLowerCase()));
  }
  out(`Opened ${opened.size} of ${receipts.length} bid(s) in k-unit auction ${id} (tx ${txs.join(", ")})`);
  if (pending.length > 0) out(`  Not opened: ${pending.map((r) => r.account).join(", ")}`);
  return { auctionId: id, opened: opened.size, notOpened: pending.map((r) => r.account), txHashes: txs };
});
