/**
 * auction:reveal-reserve — opens the seller's sealed reserve from the receipt auction:create wrote. Anyone
 * holding the receipt may send it. Unopened, the reserve is ignored and the seller's bond is burned.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { auctionHouseAbi } from "../lib/abi.js";
import { ZERO_BYTES32 } from "../lib/auction.js";
import { receiptProblems } from "../lib/receipt.js";
import {
  action,
  CliError,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAuctionIdArg,
  readReceiptFile,
  requirePhase,
  simulateAndSend,
  wallet,
  type CommonArgs,
} from "./common.js";
import { PHASE } from "../lib/errors.js";

interface Args extends CommonArgs {
  from: string;
  receipt: string;
  auction: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const r = readReceiptFile(args.receipt);
  if (r.role !== "reserve") throw new CliError("this is a bid receipt: open it with auction:reveal");
  const expectedAuction = args.auction.trim() === "" ? r.auctionId : parseAuctionIdArg(args.auction);
  const ctx = await connect(hre, args);
  const problems = receiptProblems(r, { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedAuction });
  if (problems.length > 0) throw new CliError(problems.join("; "));
  const a = await loadAuction(ctx, r.auctionId);
  if (a.terms.sealedReserveCommitment === ZERO_BYTES32) throw new CliError(`auction ${r.auctionId} has no sealed reserve`);
  if (r.account.toLowerCase() !== a.terms.seller.toLowerCase()) throw new CliError(`the receipt belongs to ${r.account}, not to the seller ${a.terms.seller}`);
  requirePhase(a, [PHASE.OpeningReserve], "open the reserve");
  if (a.history.reserveOpening) throw new CliError(`auction ${r.auctionId}'s sealed reserve is already open`);
  if (a.terms.sealedReserveCommitment.toLowerCase() !== r.commitment.toLowerCase()) {
    throw new CliError("the receipt's reserve and salt do not match the auction's sealed-reserve commitment");
  }
  const w = await wallet(ctx, args.from);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  const sent = await simulateAndSend(
    ctx,
    w,
    { address: ctx.house, abi: auctionHouseAbi, functionName: "revealReserve", args: [r.auctionId, a.terms, r.amount, r.salt] },
    { formatAmount: fmt },
  );
  out(`Opened auction ${r.auctionId}'s sealed reserve: ${fmt(r.amount)} (tx ${sent.hash})`);
  const effective = r.amount > a.terms.floorReserve ? r.amount : a.terms.floorReserve;
  out(`  Effective reserve: ${fmt(effective)}. The seller's bond of ${fmt(a.terms.bond)} comes back with the proceeds.`);
  return { auctionId: r.auctionId, reserve: r.amount, txHash: sent.hash };
});
