/**
 * kunit:reveal — opens a bid from its receipt; anyone may send it (rule 8). The hint (the slot of the top-set
 * member that will rank just below the bid) is computed from the logs with lib/top-set.ts. A hint can go stale
 * when others open bids between the computation and the transaction; if the house refuses it (HintTooFar), the
 * hint is computed again from the logs and the opening retried once. A hidden-deposit bid (rule 16) is ranked
 * with the deposit its opening's sweep will count, guessed from what its vault holds now (depositAtOpening).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { PHASE } from "../../lib/errors.js";
import { kUnitBidderOf, topSetOf, type KUnitHistory } from "../../lib/kunit-history.js";
import { receiptProblems } from "../../lib/receipt.js";
import { action, CliError, out, parseAddressArg, parseAuctionIdArg, readReceiptFile, requirePhase, wallet, type CommonArgs } from "../common.js";
import { connectKUnit, depositAtOpening, eventArgs, loadKUnit, sendKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  receipt: string;
  auction: string;
  bidder: string;
  hint: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const r = readReceiptFile(args.receipt);
  if (r.role !== "bid") throw new CliError("this is a sealed-reserve receipt, not a bid receipt");
  const expectedAuction = args.auction.trim() === "" ? r.auctionId : parseAuctionIdArg(args.auction);
  const expectedBidder = args.bidder.trim() === "" ? undefined : parseAddressArg(args.bidder, "--bidder");
  const given = args.hint.trim();
  if (given !== "" && !/^\d+$/.test(given)) throw new CliError(`--hint "${args.hint}" is not a node slot (a whole number; leave it out to compute it from the logs)`);
  const ctx = await connectKUnit(hre, args);
  const expected = { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedAuction, account: expectedBidder };
  let problems = receiptProblems(r, expected);
  if (problems.length > 0) throw new CliError(problems.join("; "));

  let a = await loadKUnit(ctx, r.auctionId);
  requirePhase(a, [PHASE.Revealing], "open bids");
  const b = kUnitBidderOf(a.history, r.account);
  if (b?.opening) throw new CliError(`${r.account}'s bid in k-unit auction ${r.auctionId} is already open (block ${b.opening.blockNumber})`);
  problems = receiptProblems(r, { ...expected, onChainCommitment: b ? b.commitment : null });
  if (problems.length > 0) throw new CliError(problems.join("; "));
  const bid = { amount: r.amount, order: b!.order };
  const hintFrom = async (h: KUnitHistory) => (r.amount <= (await depositAtOpening(ctx, h, b!, r.salt)) ? topSetOf(h).hintFor(bid) : 0);

  const w = await wallet(ctx, args.from);
  let hint = given !== "" ? Number(given) : await hintFrom(a.history);
  const open = () => sendKUnit(ctx, w, "reveal", [r.auctionId, r.account, r.amount, r.salt, b!.deposit, BigInt(b!.order), BigInt(hint)], { fmt: a.fmt });
  let retried = false;
  let sent;
  try {
    sent = await open();
  } catch (e) {
    if (!(e instanceof CliError) || !/hint .* is too stale/.test(e.message)) throw e;
    // The set moved since the hint was computed: compute it again from the logs, and retry once.
    const stale = hint;
    a = await loadKUnit(ctx, r.auctionId);
    hint = await hintFrom(a.history);
    out(`The hint ${stale} was stale (the top set changed); retrying with hint ${hint} computed from the logs.`);
    retried = true;
    sent = await open();
  }
  const ev = eventArgs<{ valid: boolean; slot: bigint; displaced: bigint }>(sent, "BidRevealed")!;
  const deferred = eventArgs<{ amount: bigint }>(sent, "RefundDeferred");
  const swept = eventArgs<{ collateral: bigint }>(sent, "VaultSwept");
  const deposit = b!.deposit + (swept?.collateral ?? 0n);
  const onBehalf = w.account.address.toLowerCase() !== r.account.toLowerCase() ? ` on behalf of ${r.account}` : "";
  out(`Opened ${r.account}'s bid of ${a.fmt(r.amount)} in k-unit auction ${r.auctionId}${onBehalf} (tx ${sent.hash}, hint ${hint})`);
  if (swept) out(`  Hidden deposit: the vault sweep counted ${a.fmt(swept.collateral)}, so the deposit is ${a.fmt(deposit)}.`);
  if (!ev.valid) out(`  The bid is above its deposit of ${a.fmt(deposit)}: it is invalid and its bond of ${a.fmt(a.terms.bond)} is forfeited.`);
  if (ev.slot !== 0n) {
    out(`  It is in the top set (slot ${ev.slot}): its deposit is held; if it is still there at settlement it wins a unit.`);
    if (ev.displaced !== 0n) {
      const gone = a.history.bidders.find((x) => x.order === Number(ev.displaced));
      out(`  It pushed out commit order ${ev.displaced}${gone ? ` (${gone.bidder})` : ""}, whose deposit is refundable now (kunit:claim --what refund).`);
    }
  } else if (deferred) out(`  The refund could not be paid now; claim it with kunit:claim --what refund.`);
  else if (ev.valid) out("  It does not rank among the top units: its deposit was refunded.");
  else out("  Its deposit less the bond was refunded.");
  return { auctionId: r.auctionId, bidder: r.account, amount: r.amount, valid: ev.valid, slot: Number(ev.slot), displaced: Number(ev.displaced), hint, retried, txHash: sent.hash, swept: swept?.collateral ?? null };
});
