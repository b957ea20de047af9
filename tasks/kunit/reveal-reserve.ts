/** kunit:reveal-reserve — opens a k-unit auction's sealed reserve from the receipt kunit:create wrote (rule 6). */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ZERO_BYTES32 } from "../../lib/auction.js";
import { PHASE } from "../../lib/errors.js";
import { receiptProblems } from "../../lib/receipt.js";
import { action, CliError, out, parseAuctionIdArg, readReceiptFile, requirePhase, wallet, type CommonArgs } from "../common.js";
import { connectKUnit, loadKUnit, sendKUnit } from "./common.js";

interface Args extends CommonArgs {
  from: string;
  receipt: string;
  auction: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const r = readReceiptFile(args.receipt);
  if (r.role !== "reserve") throw new CliError("this is a bid receipt: open it with kunit:reveal");
  const expectedAuction = args.auction.trim() === "" ? r.auctionId : parseAuctionIdArg(args.auction);
  const ctx = await connectKUnit(hre, args);
  const problems = receiptProblems(r, { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedAuction });
  if (problems.length > 0) throw new CliError(problems.join("; "));
  const a = await loadKUnit(ctx, r.auctionId);
  if (a.terms.sealedReserveCommitment === ZERO_BYTES32) throw new CliError(`k-unit auction ${r.auctionId} has no sealed reserve`);
  if (r.account.toLowerCase() !== a.terms.seller.toLowerCase()) throw new CliError(`the receipt belongs to ${r.account}, not to the seller ${a.terms.seller}`);
  requirePhase(a, [PHASE.OpeningReserve], "open the reserve");
  if (a.terms.sealedReserveCommitment.toLowerCase() !== r.commitment.toLowerCase()) {
    throw new CliError("the receipt's reserve and salt do not match the auction's sealed-reserve commitment");
  }
  const w = await wallet(ctx, args.from);
  const sent = await sendKUnit(ctx, w, "revealReserve", [r.auctionId, a.terms, r.amount, r.salt], { fmt: a.fmt });
  const effective = r.amount > a.terms.floorReserve ? r.amount : a.terms.floorReserve;
  out(`Opened k-unit auction ${r.auctionId}'s sealed reserve: ${a.fmt(r.amount)} per unit (tx ${sent.hash})`);
  out(`  Effective reserve: ${a.fmt(effective)}. The seller's bond of ${a.fmt(a.terms.bond)} comes back with the proceeds.`);
  return { auctionId: r.auctionId, reserve: r.amount, txHash: sent.hash };
});
