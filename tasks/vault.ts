/**
 * auction:vault — a hidden-deposit bid's vault (rule 16): its address, computed here from the receipt's salt
 * (lib/vault.ts; never asked of a node through the contract's vaultOf), what it holds now, and what the bid
 * needs; after the opening, what the sweep counted, set aside, and what was recovered. kunit:vault is this task
 * on the k-unit house (tasks/recover-vault.ts VaultHouse).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { ZERO_ADDRESS } from "../lib/auction.js";
import { effectiveDeposit } from "../lib/history.js";
import { receiptProblems } from "../lib/receipt.js";
import { openingTimeOf } from "../lib/timelock.js";
import { vaultAddress, vaultStanding } from "../lib/vault.js";
import { action, balanceIn, CliError, connect, formatAmount, formatTime, out, parseAuctionIdArg, readReceiptFile, type CommonArgs } from "./common.js";
import { VAULT_HOUSES, type VaultHouse } from "./recover-vault.js";

interface Args extends CommonArgs {
  receipt: string;
  auction: string;
}

export default vaultAction(VAULT_HOUSES.single);

export function vaultAction(house: VaultHouse) {
  return action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  if (args.receipt.trim() === "") throw new CliError("--receipt is required: the bid's receipt file (its salt names the vault)");
  const r = readReceiptFile(args.receipt);
  if (r.role !== "bid") throw new CliError("this is a sealed-reserve receipt: only bids have vaults");
  const expectedAuction = args.auction.trim() === "" ? r.auctionId : parseAuctionIdArg(args.auction);
  const ctx = await connect(hre, args, undefined, house.kind);
  const problems = receiptProblems(r, { chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedAuction });
  if (problems.length > 0) throw new CliError(problems.join("; "));
  const a = await house.load(ctx, r.auctionId);
  const fmt = (x: bigint) => formatAmount(x, a.asset);
  const vault = vaultAddress({ chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: r.auctionId }, r.account, r.salt, a.terms.paymentToken);
  const holds = await balanceIn(ctx, a.terms.paymentToken, vault);
  const eth = a.terms.paymentToken === ZERO_ADDRESS ? 0n : await balanceIn(ctx, ZERO_ADDRESS, vault);
  const b = (a.history.bidders as { bidder: string; hidden: boolean; commitment: `0x${string}`; deposit: bigint; swept: bigint; opening: { valid: boolean } | null; setAside: { amount: bigint; ethAmount: bigint }; recovered: { amount: bigint; ethAmount: bigint } }[])
    .find((x) => x.bidder.toLowerCase() === r.account.toLowerCase());
  out(`Vault of ${r.account}'s bid in auction ${r.auctionId}: ${vault}`);
  out(`  holds ${fmt(holds)}${eth !== 0n ? ` and ${formatAmount(eth, { symbol: "ETH", decimals: 18, token: null })} (ETH in an ERC-20 auction: set aside for you at the opening)` : ""}`);
  const standing = vaultStanding(b, r, holds);
  if (standing.kind === "no-commitment") out(`  ${r.account} has no commitment in auction ${r.auctionId}: whatever the vault holds is recoverable after the auction (${house.prefix}:recover-vault).`);
  else if (standing.kind === "plain") out(`  The commitment has a public deposit, not a hidden one: its opening sweeps no vault.`);
  else if (standing.kind === "replaced") out(`  This receipt is not the standing commitment's (replaced): its opening does not sweep this vault.`);
  else if (standing.kind === "sealed") {
    out(`  bond ${fmt(b!.deposit)} + vault ${fmt(holds)} = ${fmt(standing.covers)} against the bid of ${fmt(r.amount)}: ${standing.shortBy === 0n ? "covered" : `short by ${fmt(standing.shortBy)}`}`);
    out(`  The opening (from ${formatTime(openingTimeOf(a.terms))}) sweeps what the vault holds then.`);
  } else {
    out(`  Opened: the sweep counted ${fmt(standing.swept)} (deposit ${fmt(effectiveDeposit(b!))}); the bid was ${standing.valid ? "valid" : "invalid"}.`);
    if (b!.setAside.amount !== 0n || b!.setAside.ethAmount !== 0n) out(`  Set aside at the opening: ${fmt(b!.setAside.amount)} and ${b!.setAside.ethAmount} wei ETH.`);
  }
  if (b && (b.recovered.amount !== 0n || b.recovered.ethAmount !== 0n)) out(`  Recovered so far: ${fmt(b.recovered.amount)} and ${b.recovered.ethAmount} wei ETH.`);
  if (standing.kind === "opened" && standing.fundedAfterOpening) out(`  It was funded after its opening: recover it after the auction (${house.prefix}:recover-vault).`);
  const state = b === undefined ? "no commitment" : !b.hidden ? "plain" : b.opening === null ? "sealed" : "opened";
  return { auctionId: r.auctionId, bidder: r.account, vault, balance: holds, ethBalance: eth, state, swept: b?.swept ?? 0n };
  });
}
