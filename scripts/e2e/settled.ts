/**
 * On-chain checks that a settlement delivered everything in its own transaction (issue 13): the lot to its owner,
 * the winner's change and the seller's proceeds, each logged as its claim event with the owner as recipient; the
 * balances of that block moved by exactly those amounts, the settler paying the gas; nothing is left to claim.
 */
import { BaseError, ContractFunctionRevertedError, erc721Abi, formatEther, parseEventLogs, type Address, type Hex, type PublicClient } from "viem";
import { auctionHouseAbi } from "../../lib/abi.js";
import { assert } from "./report.js";

export interface ExpectedDelivery {
  auctionId: bigint;
  settler: Address;
  winner: Address;
  /** The winner's change (deposit − price), pushed at settlement. */
  change: bigint;
  /** The price plus an opened reserve's bond, pushed to the seller at settlement. */
  proceeds: bigint;
}

const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

/** The revert error name of a simulated call, or null if it would succeed. */
async function revertOf(publicClient: PublicClient, req: Parameters<PublicClient["simulateContract"]>[0]): Promise<string | null> {
  const error = await publicClient.simulateContract(req).then(() => null, (e: unknown) => e);
  if (error === null) return null;
  const r = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
  return r instanceof ContractFunctionRevertedError ? (r.data?.errorName ?? "unknown") : String(error);
}

/** Returns the settlement's transaction hash. */
export async function assertDeliveredAtSettlement(publicClient: PublicClient, house: Address, e: ExpectedDelivery): Promise<Hex> {
  const { auctionId } = e;
  const created = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "AuctionCreated", args: { auctionId }, fromBlock: 0n });
  const terms = created[0].args.terms!;
  const settled = await publicClient.getContractEvents({ address: house, abi: auctionHouseAbi, eventName: "AuctionSettled", args: { auctionId }, fromBlock: 0n });
  assert(settled.length === 1 && same(settled[0].args.winner, e.winner), `AuctionSettled: ${settled.length} events, winner ${settled[0]?.args.winner}`);
  const hash = settled[0].transactionHash;
  const receipt = await publicClient.getTransactionReceipt({ hash });
  assert(same(receipt.from, e.settler), `the settlement was sent by ${receipt.from}, not ${e.settler}`);

  // The settlement transaction logs each delivery as the claim it replaces, to its owner.
  const logs = parseEventLogs({ abi: auctionHouseAbi, logs: receipt.logs }).filter((l) => (l.args as { auctionId?: bigint }).auctionId === auctionId);
  const names = logs.map((l) => l.eventName).join(", ");
  const expected = ["AuctionSettled", "LotClaimed", ...(e.change > 0n ? ["RefundWithdrawn"] : []), ...(e.proceeds > 0n ? ["ProceedsWithdrawn"] : [])].join(", ");
  assert(names === expected, `the settlement emitted ${names}, not ${expected}`);
  for (const l of logs) {
    if (l.eventName === "LotClaimed") assert(same(l.args.owner, e.winner) && same(l.args.recipient, e.winner), "LotClaimed does not name the winner as owner and recipient");
    if (l.eventName === "RefundWithdrawn") assert(same(l.args.bidder, e.winner) && same(l.args.recipient, e.winner) && l.args.amount === e.change, `RefundWithdrawn: ${l.args.bidder} ${l.args.amount}`);
    if (l.eventName === "ProceedsWithdrawn") assert(same(l.args.seller, terms.seller) && same(l.args.recipient, terms.seller) && l.args.amount === e.proceeds, `ProceedsWithdrawn: ${l.args.seller} ${l.args.amount}`);
  }

  // Balances across the settlement's block (one transaction per block on the local node): exactly these amounts.
  const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
  assert(block.transactions.length === 1, `the settlement's block holds ${block.transactions.length} transactions`);
  const gas = receipt.gasUsed * receipt.effectiveGasPrice;
  const delta = async (a: Address) =>
    (await publicClient.getBalance({ address: a, blockNumber: receipt.blockNumber })) - (await publicClient.getBalance({ address: a, blockNumber: receipt.blockNumber - 1n }));
  const credit = new Map<string, bigint>();
  const add = (a: Address, v: bigint) => credit.set(a.toLowerCase(), (credit.get(a.toLowerCase()) ?? 0n) + v);
  add(e.winner, e.change);
  add(terms.seller, e.proceeds);
  add(e.settler, -gas);
  for (const [a, want] of credit) {
    const got = await delta(a as Address);
    assert(got === want, `${a}'s balance moved by ${formatEther(got)} ETH in the settlement, not ${formatEther(want)}`);
  }

  // The lot is the winner's; the house owes nothing more for this auction.
  if (terms.lotKind === 0) {
    const owner = await publicClient.readContract({ address: terms.lotToken, abi: erc721Abi, functionName: "ownerOf", args: [terms.lotAmountOrId] });
    assert(same(owner, e.winner), `the lot is owned by ${owner}`);
  }
  const state = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "auctionState", args: [auctionId] });
  assert(state.settled && state.lotClaimed && same(state.winner, e.winner), "auctionState: not settled with the lot delivered to the winner");
  const [status] = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "positionOf", args: [auctionId, e.winner] });
  assert(Number(status) === 0, `the winner's position is not None (status ${status})`);
  const owed = await publicClient.readContract({ address: house, abi: auctionHouseAbi, functionName: "proceedsOf", args: [auctionId, terms.seller] });
  assert(owed === 0n, `proceedsOf the seller is ${owed}`);
  const claims: [string, Address, Parameters<PublicClient["simulateContract"]>[0]][] = [
    ["LotAlreadyClaimed", e.winner, { account: e.winner, address: house, abi: auctionHouseAbi, functionName: "claimLot", args: [auctionId, terms, e.winner] }],
    ["NothingToWithdraw", e.winner, { account: e.winner, address: house, abi: auctionHouseAbi, functionName: "withdrawRefund", args: [auctionId, e.winner] }],
    ["NothingToWithdraw", terms.seller, { account: terms.seller, address: house, abi: auctionHouseAbi, functionName: "withdrawProceeds", args: [auctionId, terms.seller] }],
  ];
  for (const [want, , req] of claims) {
    const got = await revertOf(publicClient, req);
    assert(got === want, `${(req as { functionName: string }).functionName} after settlement: ${got ?? "succeeds"}, not ${want}`);
  }
  return hash;
}
