/**
 * kunit:settle — fixes the outcome of a k-unit auction: anyone, after the reveal window or once every commitment
 * is open. The house reads its top set; the task prints the winners from the logs.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { UNIT_FORMATS } from "../../lib/auction.js";
import { PHASE } from "../../lib/errors.js";
import { topSetOf } from "../../lib/kunit-history.js";
import { action, out, parseAuctionIdArg, requirePhase, wallet, type CommonArgs } from "../common.js";
import { connectKUnit, eventArgs, loadKUnit, sendKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connectKUnit(hre, args);
  const a = await loadKUnit(ctx, id);
  requirePhase(a, [PHASE.Revealing, PHASE.AwaitingSettlement], "settle it");
  const w = await wallet(ctx, args.from);
  const sent = await sendKUnit(ctx, w, "settle", [id, a.terms], { fmt: a.fmt });
  const s = eventArgs<{ unitsSold: bigint; price: bigint; effectiveReserve: bigint; burned: bigint }>(sent, "AuctionSettled")!;
  const byOrder = new Map(a.history.bidders.map((b) => [b.order, b.bidder]));
  const winners = topSetOf(a.history).members().reverse().map((m) => ({ bidder: byOrder.get(m.order)!, amount: m.amount }));
  const uniform = UNIT_FORMATS[a.terms.format] === "uniform-price";
  out(`Settled k-unit auction ${id} (tx ${sent.hash}): ${s.unitsSold} of ${a.terms.units} units sold${uniform && s.unitsSold > 0n ? ` at ${a.fmt(s.price)} each` : ""}`);
  for (const x of winners) out(`  winner ${x.bidder} pays ${a.fmt(uniform ? s.price : x.amount)}`);
  out(`  effective reserve ${a.fmt(s.effectiveReserve)}; bonds burned ${a.fmt(s.burned)}`);
  out(`  Next: winners claim their unit and change (kunit:claim --what unit); the seller takes ${a.terms.units - Number(s.unitsSold)} unsold unit(s) (--what unsold) and the released proceeds (--what proceeds).`);
  return { auctionId: id, unitsSold: Number(s.unitsSold), price: s.price, effectiveReserve: s.effectiveReserve, burned: s.burned, winners, txHash: sent.hash };
});
