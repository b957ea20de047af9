/**
 * auction:recover-vault — after the auction (settled, cancelled or past its reveal window), the bidder takes
 * back what its bid's vault holds (funded late, or never opened) and what the opening set aside
 * (IAuctionHouse.recoverVault). Only the bidder may: the house pays the sender's own vault.
 * kunit:recover-vault is this task on the k-unit house (same call, same event): `vaultHouse` below is all that differs.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Abi } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { kUnitAuctionHouseAbi } from "../lib/kunit-abi.js";
import { receiptProblems } from "../lib/receipt.js";
import { vaultAddress } from "../lib/vault.js";
import { PHASE } from "../lib/errors.js";
import { loadKUnit } from "./kunit/common.js";
import {
  action,
  CliError,
  connect,
  formatAmount,
  loadAuction,
  out,
  parseAddressArg,
  readReceiptFile,
  requirePhase,
  simulateAndSend,
  wallet,
  type CommonArgs,
  type Context,
} from "./common.js";

interface Args extends CommonArgs {
  from: string;
  receipt: string;
  recipient: string;
}

/** Which house a vault task talks to: the single-item one or the k-unit one (the same vault rules, rule 16). */
export interface VaultHouse {
  kind: "single" | "kunit";
  prefix: "auction" | "kunit";
  abi: Abi;
  load: (ctx: Context, auctionId: bigint) => ReturnType<typeof loadAuction> | ReturnType<typeof loadKUnit>;
}
export const VAULT_HOUSES: Record<"single" | "kunit", VaultHouse> = {
  single: { kind: "single", prefix: "auction", abi: auctionHouseAbi as Abi, load: loadAuction },
  kunit: { kind: "kunit", prefix: "kunit", abi: kUnitAuctionHouseAbi as Abi, load: loadKUnit },
};

export default recoverVaultAction(VAULT_HOUSES.single);

export function recoverVaultAction(house: VaultHouse) {
  return action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  if (args.receipt.trim() === "") throw new CliError("--receipt is required: the bid's receipt file (its salt names the vault)");
  const r = readReceiptFile(args.receipt);
  if (r.role !== "bid") throw new CliError("this is a sealed-reserve receipt: only bids have vaults");
  const ctx = await connect(hre, args, undefined, house.kind);
  const problems = receiptProblems(r, { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: r.auctionId });
  if (problems.length > 0) throw new CliError(problems.join("; "));
  const w = await wallet(ctx, args.from);
  if (w.account.address.toLowerCase() !== r.account.toLowerCase()) {
    throw new CliError(`only the bidder ${r.account} can recover its vault: send it --from that account (not ${w.account.address})`);
  }
  const recipient = args.recipient.trim() === "" ? r.account : parseAddressArg(args.recipient, "--recipient");
  const a = await house.load(ctx, r.auctionId);
  requirePhase(a, [PHASE.AwaitingSettlement, PHASE.Settled, PHASE.Cancelled], "recover a vault");
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  const vault = vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: r.auctionId }, r.account, r.salt, a.terms.paymentToken);
  const sent = await simulateAndSend(
    ctx,
    w,
    { address: ctx.house, abi: house.abi, functionName: "recoverVault", args: [r.auctionId, r.salt, recipient] },
    { formatAmount: fmt },
    house.abi,
  );
  const ev = sent.events.find((e) => e.eventName === "VaultRecovered");
  const { amount, ethAmount } = (ev?.args ?? { amount: 0n, ethAmount: 0n }) as { amount: bigint; ethAmount: bigint };
  out(`Recovered vault ${vault} of ${r.account}'s bid in ${house.kind === "kunit" ? "k-unit " : ""}auction ${r.auctionId}: ${fmt(amount)}${ethAmount !== 0n ? ` and ${formatAmount(ethAmount, { symbol: "ETH", decimals: 18, token: null })}` : ""} to ${recipient} (tx ${sent.hash})`);
  return { auctionId: r.auctionId, bidder: r.account, vault, recipient, amount, ethAmount, txHash: sent.hash };
  });
}
