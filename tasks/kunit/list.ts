/** kunit:list — every auction of the k-unit house, from one scan of its logs. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { UNIT_FORMATS, UNIT_LOT_KINDS, ZERO_ADDRESS } from "../../lib/auction.js";
import { formatTable } from "../../lib/audit.js";
import { PHASE_NAMES } from "../../lib/errors.js";
import { fetchAllKUnitHistories } from "../../lib/kunit-history.js";
import { action, assetOf, formatAmount, formatTime, out, parseBlockArg, type Asset, type CommonArgs } from "../common.js";
import { connectKUnit, kunitView } from "./common.js";

interface Args extends CommonArgs {
  fromBlock: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const ctx = await connectKUnit(hre, args, parseBlockArg(args.fromBlock, "--from-block"));
  const histories = await fetchAllKUnitHistories(ctx.rpc, { auctionHouse: ctx.house, chainId: ctx.chainId, fromBlock: ctx.deployBlock });
  const created = [...histories.values()].filter((h) => h.created !== null);
  if (created.length === 0) {
    out(`No k-unit auctions at ${ctx.house} on chain ${ctx.chainId} since block ${ctx.deployBlock}.`);
    return [];
  }
  const assets = new Map<string, Asset>();
  const rows: string[][] = [];
  const result = [];
  for (const h of created) {
    const t = h.created!.terms;
    if (!assets.has(t.paymentToken)) assets.set(t.paymentToken, await assetOf(ctx, t.paymentToken));
    const asset = assets.get(t.paymentToken)!;
    const phase = PHASE_NAMES[Number(await kunitView<number>(ctx, "phaseOf", [h.auctionId]))];
    const s = h.settlement;
    const outcome = s ? `${s.unitsSold}/${t.units} sold${s.price > 0n ? ` at ${formatAmount(s.price, asset)}` : ""}` : "";
    rows.push([
      String(h.auctionId), phase, `${t.seller.slice(0, 10)}…`, `${t.units} × ${UNIT_LOT_KINDS[t.lotKind]} ${t.lotToken.slice(0, 10)}…`,
      t.paymentToken === ZERO_ADDRESS ? "ETH" : asset.symbol, UNIT_FORMATS[t.format], formatAmount(t.bond, asset), formatTime(t.revealEnd),
      String(h.bidders.length), String(h.openings.length), outcome,
    ]);
    result.push({ auctionId: h.auctionId, phase, units: t.units, format: UNIT_FORMATS[t.format], commitments: h.bidders.length, openings: h.openings.length, settlement: s });
  }
  out(`K-unit auctions at ${ctx.house} on chain ${ctx.chainId}:`);
  out(formatTable(["id", "phase", "seller", "units", "paid in", "format", "bond", "reveals until", "bids", "opened", "outcome"], rows));
  return result;
});
