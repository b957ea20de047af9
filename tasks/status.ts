/** auction:status — one auction: terms, phase, windows, standing, settlement and every bidder. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { FORMATS, LOT_KINDS, NO_BID, ZERO_ADDRESS, ZERO_BYTES32 } from "../lib/auction.js";
import { formatTable } from "../lib/audit.js";
import { PHASE_NAMES } from "../lib/errors.js";
import { effectiveDeposit, findLeader, type AuctionHistory } from "../lib/history.js";
import { action, auctionState, connect, formatAmount, formatTime, loadAuction, out, parseAuctionIdArg, parseBlockArg, type CommonArgs } from "./common.js";

interface Args extends CommonArgs {
  auction: string;
  fromBlock: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connect(hre, args, parseBlockArg(args.fromBlock, "--from-block"));
  const a = await loadAuction(ctx, id);
  const st = await auctionState(ctx, id);
  const { terms: t, history: h } = a;
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  out(`Auction ${id} at ${ctx.house} on chain ${ctx.chainId}: ${PHASE_NAMES[a.phase]}`);
  out(`  seller ${t.seller}`);
  out(`  lot ${LOT_KINDS[t.lotKind]} ${t.lotToken} ${t.lotKind === 0 ? `#${t.lotAmountOrId}` : `amount ${t.lotAmountOrId}`}`);
  out(`  ${FORMATS[t.format]}, paid in ${t.paymentToken === ZERO_ADDRESS ? "ETH" : `${a.asset.symbol} (${t.paymentToken})`}`);
  out(`  bond ${fmt(t.bond)}; floor ${fmt(t.floorReserve)}; sealed reserve ${t.sealedReserveCommitment === ZERO_BYTES32 ? "none" : h.reserveOpening ? `opened at ${fmt(h.reserveOpening.reserve)}` : "not opened"}`);
  out(`  commits until ${formatTime(t.commitEnd)}; reveals until ${formatTime(t.revealEnd)}`);
  out(`  ${st.commitCount} commitment(s), ${st.openCount} opened, ${st.forfeitCount} over-deposit`);
  if (h.settlement) {
    const s = h.settlement;
    out(`  settled: ${s.winner ? `winner ${s.winner} pays ${fmt(s.price)}` : "unsold"}; effective reserve ${fmt(s.effectiveReserve)}; burned ${fmt(s.burned)}; lot ${lotStatus(h, st.lotClaimed)}`);
  } else if (st.bestOrder !== NO_BID) {
    out(`  leading: ${findLeader(h, st.bestOrder)} with ${fmt(st.bestAmount)}; second ${fmt(st.runnerUp)}`);
  }
  if (h.bidders.length > 0) {
    // A hidden deposit shows its bond and, once opened, the collateral its vault sweep counted.
    const rows = h.bidders.slice(0, 200).map((b) => [
      String(b.order), b.bidder, b.hidden ? `${fmt(b.deposit)} + ${b.vault ? fmt(b.swept) : "vault (hidden)"}` : fmt(b.deposit),
      b.opening ? fmt(b.opening.amount) : "sealed", b.opening ? (b.opening.amount <= effectiveDeposit(b) ? "yes" : "no") : "—",
    ]);
    out(formatTable(["order", "bidder", "deposit", "bid", "valid"], rows));
    if (h.bidders.length > 200) out(`  … and ${h.bidders.length - 200} more bidders`);
  }
  return { auctionId: id, phase: PHASE_NAMES[a.phase], state: st, bidders: h.bidders.length, settlement: h.settlement };
});

/** Whether the lot left the house, and how: settlement delivers it; a failed push leaves a claim. */
function lotStatus(h: AuctionHistory, lotClaimed: boolean): string {
  const c = h.lotClaims[0];
  if (!lotClaimed) return "not delivered (a claim: auction:claim --what lot)";
  if (c === undefined) return "claimed";
  return c.transactionHash === h.settlement?.transactionHash ? `delivered at settlement to ${c.recipient}` : `claimed to ${c.recipient}`;
}
