/** auction:list — every auction of the AuctionHouse, from its logs, with the contract's current phase. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { FORMATS, LOT_KINDS, ZERO_ADDRESS } from "../lib/auction.js";
import { formatTable } from "../lib/audit.js";
import { PHASE_NAMES } from "../lib/errors.js";
import { listAuctions } from "../lib/history.js";
import { action, assetOf, connect, formatAmount, formatTime, out, parseBlockArg, phaseOf, type Asset, type CommonArgs } from "./common.js";

interface Args extends CommonArgs {
  fromBlock: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const ctx = await connect(hre, args, parseBlockArg(args.fromBlock, "--from-block"));
  const auctions = await listAuctions(ctx.rpc, { auctionHouse: ctx.house, fromBlock: ctx.deployBlock });
  if (auctions.length === 0) {
    out(`No auctions at ${ctx.house} on chain ${ctx.chainId} since block ${ctx.deployBlock}.`);
    return [];
  }
  const assets = new Map<string, Asset>();
  const rows: string[][] = [];
  const result = [];
  for (const s of auctions) {
    const t = s.terms;
    if (!assets.has(t.paymentToken)) assets.set(t.paymentToken, await assetOf(ctx, t.paymentToken));
    const asset = assets.get(t.paymentToken)!;
    const phase = PHASE_NAMES[await phaseOf(ctx, s.auctionId)];
    const outcome = s.settlement
      ? s.settlement.winner ? `${s.settlement.winner.slice(0, 10)}… pays ${formatAmount(s.settlement.price, asset)}` : "unsold"
      : "";
    rows.push([
      String(s.auctionId), phase, `${s.seller.slice(0, 10)}…`, `${LOT_KINDS[t.lotKind]} ${t.lotToken.slice(0, 10)}… ${t.lotKind === 0 ? `#${t.lotAmountOrId}` : String(t.lotAmountOrId)}`,
      t.paymentToken === ZERO_ADDRESS ? "ETH" : asset.symbol, FORMATS[t.format], formatAmount(t.bond, asset), formatTime(t.commitEnd), formatTime(t.revealEnd),
      String(s.commitments), String(s.openings), outcome,
    ]);
    result.push({ ...s, phase });
  }
  out(`Auctions at ${ctx.house} on chain ${ctx.chainId}:`);
  out(formatTable(["id", "phase", "seller", "lot", "paid in", "format", "bond", "commits until", "reveals until", "bids", "opened", "outcome"], rows));
  return result;
});
