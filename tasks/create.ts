/**
 * auction:create — creates an auction of an ERC-721 token or an ERC-20 amount, paid in ETH or an ERC-20.
 * Everything is checked before any transaction: addresses, amounts, windows, the seller's ownership of the
 * lot. Then the lot (and the payment token, for a sealed-reserve bond) is approved if needed, the create
 * call is simulated, the sealed-reserve receipt is written, and only then is the auction created.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { erc20Abi, erc721Abi, type Address } from "viem";
import { auctionHouseAbi } from "../lib/abi.js";
import { FORMATS, LOT_KINDS, MAX_BOND, randomSalt, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms } from "../lib/auction.js";
import { makeReceipt, serializeReceipt } from "../lib/receipt.js";
import {
  action,
  assetOf,
  CliError,
  connect,
  defaultReceiptPath,
  checkNewFile,
  ensureErc20,
  formatAmount,
  formatTime,
  out,
  parseAddressArg,
  parseAmountArg,
  parseDurationArg,
  send,
  simulate,
  simulateAndSend,
  wallet,
  writeNewFile,
  type CommonArgs,
} from "./common.js";

interface Args extends CommonArgs {
  from: string;
  lotToken: string;
  tokenId: string;
  lotAmount: string;
  payment: string;
  format: string;
  commitWindow: string;
  revealWindow: string;
  bond: string;
  floor: string;
  sealedReserve: string;
  receipt: string;
  force: boolean;
}

const FORMAT_NAMES: Record<string, number> = { "second-price": 0, vickrey: 0, second: 0, "first-price": 1, first: 1 };

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  // Input that needs no chain first.
  if (args.lotToken.trim() === "") throw new CliError("--lot-token is required: the ERC-721 or ERC-20 contract of the lot");
  const lotToken = parseAddressArg(args.lotToken, "--lot-token");
  const hasId = args.tokenId.trim() !== "";
  const hasAmount = args.lotAmount.trim() !== "";
  if (hasId === hasAmount) throw new CliError("give exactly one of --token-id (an ERC-721 lot) or --lot-amount (an ERC-20 lot)");
  if (hasId && !/^\d+$/.test(args.tokenId.trim())) throw new CliError(`--token-id "${args.tokenId}" is not a token id (a whole number)`);
  const lotKind = hasId ? 0 : 1;
  const format = FORMAT_NAMES[args.format.trim().toLowerCase()];
  if (format === undefined) throw new CliError(`--format "${args.format}" is not a format: use second-price or first-price`);
  const payment = args.payment.trim().toLowerCase() === "eth" ? ZERO_ADDRESS : parseAddressArg(args.payment, "--payment");
  const commitWindow = parseDurationArg(args.commitWindow, "--commit-window");
  const revealWindow = parseDurationArg(args.revealWindow, "--reveal-window");
  if (args.bond.trim() === "") throw new CliError("--bond is required: what every commitment deposits and forfeits if it is not opened");

  const ctx = await connect(hre, args);
  const w = await wallet(ctx, args.from);
  const seller = w.account.address;
  for (const [token, option] of [[lotToken, "--lot-token"], ...(payment === ZERO_ADDRESS ? [] : [[payment, "--payment"]])] as [Address, string][]) {
    const code = await ctx.publicClient.getCode({ address: token });
    if (!code || code === "0x") throw new CliError(`${option} ${token} is not a contract on chain ${ctx.chainId}`);
  }
  const asset = await assetOf(ctx, payment);
  const bond = parseAmountArg(args.bond, "--bond", asset, MAX_BOND);
  if (bond === 0n) throw new CliError("--bond must be greater than zero: not revealing has to cost something");
  const floorReserve = parseAmountArg(args.floor, "--floor", asset);
  const sealed = args.sealedReserve.trim() === "" ? null : parseAmountArg(args.sealedReserve, "--sealed-reserve", asset);

  // The lot must be the seller's.
  let lotAmountOrId: bigint;
  if (lotKind === 0) {
    lotAmountOrId = BigInt(args.tokenId.trim());
    let owner: Address;
    try {
      owner = await ctx.publicClient.readContract({ address: lotToken, abi: erc721Abi, functionName: "ownerOf", args: [lotAmountOrId] });
    } catch {
      throw new CliError(`token ${lotAmountOrId} of ${lotToken} does not exist (or ${lotToken} is not an ERC-721)`);
    }
    if (owner.toLowerCase() !== seller.toLowerCase()) throw new CliError(`token ${lotAmountOrId} of ${lotToken} belongs to ${owner}, not to the seller ${seller}`);
  } else {
    const lotAsset = await assetOf(ctx, lotToken);
    lotAmountOrId = parseAmountArg(args.lotAmount, "--lot-amount", lotAsset, 2n ** 256n - 1n);
    if (lotAmountOrId === 0n) throw new CliError("--lot-amount must be greater than zero");
  }

  const now = Number((await ctx.publicClient.getBlock()).timestamp);
  const commitEnd = now + commitWindow;
  const revealEnd = commitEnd + revealWindow;
  const expectedId = await ctx.publicClient.readContract({ address: ctx.house, abi: auctionHouseAbi, functionName: "nextAuctionId" });

  let receiptText: string | null = null;
  let receiptPath = "";
  let sealedReserveCommitment: `0x${string}` = ZERO_BYTES32;
  if (sealed !== null) {
    const r = makeReceipt({ role: "reserve", chainId: ctx.chainId, auctionHouse: ctx.house, auctionId: expectedId, account: seller, amount: sealed, salt: randomSalt() });
    sealedReserveCommitment = r.commitment;
    receiptText = serializeReceipt(r);
    receiptPath = args.receipt.trim() || defaultReceiptPath(ctx.chainId, expectedId, seller, "reserve");
    checkNewFile(receiptPath, args.force);
  }
  const terms: AuctionTerms = {
    seller, lotKind, lotToken, lotAmountOrId, paymentToken: payment, format, commitEnd, revealEnd, bond, floorReserve, sealedReserveCommitment,
  };

  // Approvals (only now: every check that needs no transaction has passed).
  const pulls = new Map<Address, bigint>();
  if (lotKind === 1) pulls.set(lotToken, lotAmountOrId);
  if (sealed !== null && payment !== ZERO_ADDRESS) pulls.set(payment, (pulls.get(payment) ?? 0n) + bond);
  if (lotKind === 0) {
    const [approved, forAll] = await Promise.all([
      ctx.publicClient.readContract({ address: lotToken, abi: erc721Abi, functionName: "getApproved", args: [lotAmountOrId] }),
      ctx.publicClient.readContract({ address: lotToken, abi: erc721Abi, functionName: "isApprovedForAll", args: [seller, ctx.house] }),
    ]);
    if (approved.toLowerCase() !== ctx.house.toLowerCase() && !forAll) {
      const sent = await simulateAndSend(ctx, w, { address: lotToken, abi: erc721Abi, functionName: "approve", args: [ctx.house, lotAmountOrId] });
      out(`Approved the AuctionHouse to take token ${lotAmountOrId} of ${lotToken} (tx ${sent.hash})`);
    }
  }
  for (const [token, amount] of pulls) await ensureErc20(ctx, w, token, amount, token === lotToken ? "the lot" : "the sealed-reserve bond");
  if (sealed !== null && payment === ZERO_ADDRESS) {
    const balance = await ctx.publicClient.getBalance({ address: seller });
    if (balance < bond) throw new CliError(`the sealed-reserve bond of ${formatAmount(bond, asset)} is more than ${seller} holds`);
  }

  const call = {
    address: ctx.house,
    abi: auctionHouseAbi,
    functionName: "create",
    args: [terms, sealed === null ? 0n : expectedId] as const,
    value: sealed !== null && payment === ZERO_ADDRESS ? bond : 0n,
  };
  // Simulate, then write the receipt, then send: the salt is on disk before the commitment is on chain.
  const describe = { formatAmount: (a: bigint) => formatAmount(a, asset) };
  const request = await simulate(ctx, w, call, describe);
  if (receiptText !== null) writeNewFile(receiptPath, receiptText, args.force);
  const sent = await send(ctx, w, request, describe);
  const created = sent.events.find((e) => e.eventName === "AuctionCreated");
  const auctionId = created ? (created.args as { auctionId: bigint }).auctionId : expectedId;
  out(`Created auction ${auctionId} (tx ${sent.hash}, block ${sent.receipt.blockNumber})`);
  out(`  lot: ${LOT_KINDS[lotKind]} ${lotToken} ${lotKind === 0 ? `#${lotAmountOrId}` : `amount ${lotAmountOrId}`}; paid in ${asset.symbol}; ${FORMATS[format]}`);
  out(`  bond ${formatAmount(bond, asset)}; floor ${formatAmount(floorReserve, asset)}${sealed !== null ? "; sealed reserve committed" : ""}`);
  out(`  commits until ${formatTime(commitEnd)}; reveals until ${formatTime(revealEnd)}`);
  if (sealed !== null) out(`Reserve receipt: ${receiptPath} — keep it: you must open the reserve between ${formatTime(commitEnd)} and ${formatTime(revealEnd)} or lose the bond`);
  return { auctionId, txHash: sent.hash, terms, receipt: sealed !== null ? receiptPath : undefined };
});
