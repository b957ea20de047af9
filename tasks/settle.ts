/**
 * auction:settle — fixes the outcome. Anyone may settle after the reveal window, or earlier once every
 * commitment and the sealed reserve are open. The leader the contract checks is found from the logs: the
 * bidder whose BidCommitted order is auctionState(id).bestOrder.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { ZERO_ADDRESS } from "../lib/auction.js";
import { findLeader } from "../lib/history.js";
import {
  action,
  auctionState,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAuctionIdArg,
  requirePhase,
  simulateAndSend,
  wallet,
  type CommonArgs,
} from "./common.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  auction: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connect(hre, args);
  const a = await loadAuction(ctx, id);
  requirePhase(a, [PHASE.Revealing, PHASE.AwaitingSettlement], "settle it");
  const state = await auctionState(ctx, id);
  const leader = findLeader(a.history, state.bestOrder) ?? ZERO_ADDRESS;
  const w = await wallet(ctx, args.from);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  const sent = await simulateAndSend(
    ctx,
    w,
    { address: ctx.house, abi: auctionHouseAbi, functionName: "settle", args: [id, a.terms, leader] },
    { formatAmount: fmt },
  );
  const ev = sent.events.find((e) => e.eventName === "AuctionSettled");
  const s = ev!.args as { winner: `0x${string}`; price: bigint; effectiveReserve: bigint; burned: bigint };
  const sold = s.winner !== ZERO_ADDRESS;
  out(`Settled auction ${id} (tx ${sent.hash})`);
  out(sold ? `  Winner ${s.winner} pays ${fmt(s.price)}` : `  Unsold: no valid bid reached the reserve of ${fmt(s.effectiveReserve)}; the lot goes back to the seller`);
  out(`  Effective reserve ${fmt(s.effectiveReserve)}; bonds burned ${fmt(s.burned)}`);
  out(`  Next: the ${sold ? "winner" : "seller"} claims the lot (auction:claim --what lot)${sold ? ", the seller the proceeds (--what proceeds)" : ""}, displaced leaders their refunds (--what refund).`);
  return { auctionId: id, winner: sold ? s.winner : null, price: s.price, effectiveReserve: s.effectiveReserve, burned: s.burned, txHash: sent.hash };
});
