/** kunit:status — one k-unit auction from its logs: terms, phase, the top set, bidders, settlement and claims. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { UNIT_FORMATS } from "../../lib/auction.js";
import { formatTable } from "../../lib/audit.js";
import { PHASE_NAMES } from "../../lib/errors.js";
import { topSetOf } from "../../lib/kunit-history.js";
import { action, formatTime, out, parseAuctionIdArg, parseBlockArg, type CommonArgs } from "../common.js";
import { connectKUnit, describeLot, loadKUnit } from "./common.js";

interface Args extends CommonArgs {
  auction: string;
  fromBlock: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const id = parseAuctionIdArg(args.auction);
  const ctx = await connectKUnit(hre, args, parseBlockArg(args.fromBlock, "--from-block"));
  const a = await loadKUnit(ctx, id);
  const { terms: t, history: h, fmt } = a;
  const set = topSetOf(h);
  out(`K-unit auction ${id} at ${ctx.house} on chain ${ctx.chainId}: ${PHASE_NAMES[a.phase]}`);
  out(`  seller ${t.seller}`);
  out(`  ${describeLot(t)}`);
  out(`  bond ${fmt(t.bond)}; floor ${fmt(t.floorReserve)} per unit; commits until ${formatTime(t.commitEnd)}; reveals until ${formatTime(t.revealEnd)}`);
  out(`  ${h.bidders.length} commitment(s), ${h.openings.length} opened; top set ${set.size} of ${t.units}, threshold ${fmt(set.threshold)}`);
  if (h.settlement) {
    const s = h.settlement;
    const uniform = UNIT_FORMATS[t.format] === "uniform-price";
    out(`  settled: ${s.unitsSold} unit(s) sold${uniform && s.unitsSold > 0 ? ` at ${fmt(s.price)} each` : ""}; effective reserve ${fmt(s.effectiveReserve)}; burned ${fmt(s.burned)}`);
    const unsold = t.units - s.unitsSold;
    if (unsold > 0) out(`  ${unsold} unsold unit(s) ${h.unsoldClaims.length > 0 ? "returned to the seller" : "waiting for the seller (kunit:claim --what unsold)"}`);
  }
  const members = new Set(set.members().map((m) => m.order));
  const rows = h.bidders.slice(0, 200).map((b) => {
    const o = b.opening;
    const standing = o === null ? (b.withdrawals.length > 0 ? "unopened, withdrawn" : "sealed")
      : o.amount > b.deposit ? "invalid"
      : members.has(b.order) ? (h.settlement ? (b.unit ? `won, unit ${b.unit.kind}` : "won, unit waiting") : "in the top set")
      : b.displacedBy ? "displaced" : "out";
    return [String(b.order), b.bidder, fmt(b.deposit), o ? fmt(o.amount) : "sealed", standing];
  });
  if (rows.length > 0) out(formatTable(["order", "bidder", "deposit", "bid", "standing"], rows));
  if (h.bidders.length > 200) out(`  … and ${h.bidders.length - 200} more bidders`);
  return { auctionId: id, phase: PHASE_NAMES[a.phase], units: t.units, topSet: set.members(), threshold: set.threshold, bidders: h.bidders.length, settlement: h.settlement };
});
