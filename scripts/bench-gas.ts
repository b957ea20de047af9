/**
 * Gas benchmark: real second-price ETH auctions of an ERC-721 with 2, 10, 100 and 1,000 bidders on the
 * in-process Hardhat network. Prints a markdown table and writes bench/gas.json. Figures are receipts'
 * gasUsed (after refunds), exact for this code and compiler settings.
 *
 *   npm run bench:gas
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { bidCommitment } from "../lib/auction.js";

const SIZES = [2, 10, 100, 1000] as const;
const BOND = 10n ** 16n; // 0.01 ETH

const { viem } = await network.create();
const publicClient = await viem.getPublicClient();
const testClient = await viem.getTestClient();
const [seller] = await viem.getWalletClients();
const house = await viem.deployContract("AuctionHouse");
const nft = await viem.deployContract("MockERC721", ["Bench Lot", "LOT"]);
const chainId = BigInt(await publicClient.getChainId());

async function gasOf(hash: Hex): Promise<number> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
  return Number(receipt.gasUsed);
}

async function bidderWallet(i: number) {
  const address = getAddress(`0x${keccak256(toHex(`bench bidder ${i}`)).slice(26)}`) as Address;
  await testClient.impersonateAccount({ address });
  await testClient.setBalance({ address, value: 10n ** 24n });
  return viem.getWalletClient(address);
}

interface Row {
  bidders: number;
  create: number;
  commit: number;
  revealLoser: { min: number; max: number };
  revealNewBest: { min: number; max: number };
  settle: number;
  claimLot: number;
  withdrawRefund: number;
  withdrawProceeds: number;
}

const wallets = [] as Awaited<ReturnType<typeof bidderWallet>>[];
for (let i = 0; i < Math.max(...SIZES); i++) wallets.push(await bidderWallet(i));

async function runAuction(n: number, tokenId: bigint): Promise<Row> {
  await nft.write.mint([seller.account.address, tokenId]);
  await nft.write.approve([house.address, tokenId]);
  const now = (await publicClient.getBlock()).timestamp;
  const terms = {
    seller: seller.account.address, lotKind: 0, lotToken: nft.address, lotAmountOrId: tokenId,
    paymentToken: "0x0000000000000000000000000000000000000000" as Address, format: 0,
    commitEnd: Number(now) + 3600, reserveEnd: 0, revealEnd: Number(now) + 7200, bond: BOND, floorReserve: 0n,
    sealedReserveCommitment: `0x${"00".repeat(32)}` as Hex, reserveNonce: 0n,
  } as const;
  const auctionId = await house.read.nextAuctionId();
  const create = await gasOf(await house.write.create([terms]));
  const domain = { chainId, auctionHouse: house.address, auctionId };

  // Bids in a shuffled but deterministic order so reveals mix new leaders and losers.
  const bids = Array.from({ length: n }, (_, i) => ({
    wallet: wallets[i],
    amount: 10n ** 17n * BigInt(((i * 7919) % n) + 1),
    salt: keccak256(toHex(`salt ${n} ${i}`)),
  }));
  const commitGas: number[] = [];
  for (const [i, b] of bids.entries()) {
    const deposit = b.amount + 10n ** 17n; // padded deposit
    const commitment = bidCommitment(domain, b.wallet.account.address, b.amount, b.salt);
    const c = await house.write.commit([auctionId, commitment, deposit], { value: deposit, account: b.wallet.account });
    commitGas.push(await gasOf(c));
    Object.assign(b, { deposit, order: BigInt(i + 1) });
  }
  await testClient.increaseTime({ seconds: 3600 });
  await testClient.mine({ blocks: 1 });

  const loser: number[] = [];
  const newBest: number[] = [];
  let best = -1n;
  for (const b of bids as (typeof bids[number] & { deposit: bigint; order: bigint })[]) {
    const hash = await house.write.reveal(
      [auctionId, b.wallet.account.address, b.amount, b.salt, b.deposit, b.order],
      { account: b.wallet.account },
    );
    const g = await gasOf(hash);
    if (b.amount > best) { newBest.push(g); best = b.amount; } else { loser.push(g); }
  }
  // Everything is open, so anyone may settle now (early settlement).
  const anyone = wallets[n - 1 === 0 ? 1 : n - 1];
  const { bestOrder } = await house.read.auctionState([auctionId]);
  const winner = bids[bestOrder - 1];
  const settle = await gasOf(await house.write.settle([auctionId, terms, winner.wallet.account.address], { account: anyone.account }));
  const claimLot = await gasOf(await house.write.claimLot([auctionId, terms, winner.wallet.account.address], { account: winner.wallet.account }));
  // A losing bidder's refund claim: the first leader, displaced later, withdraws its held deposit.
  const displaced = bids[0];
  const withdrawRefund = await gasOf(await house.write.withdrawRefund([auctionId, displaced.wallet.account.address], { account: displaced.wallet.account }));
  const withdrawProceeds = await gasOf(await house.write.withdrawProceeds([auctionId, seller.account.address]));
  const span = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  return {
    bidders: n, create, commit: Math.max(...commitGas), revealLoser: span(loser.length ? loser : [0]),
    revealNewBest: span(newBest), settle, claimLot, withdrawRefund, withdrawProceeds,
  };
}

// Reference floor for claimLot: a bare ERC-721 transferFrom to an address that owns no token yet.
await nft.write.mint([seller.account.address, 10_000n]);
const freshOwner = getAddress(`0x${keccak256(toHex("fresh owner")).slice(26)}`);
const erc721TransferToNewOwner = await gasOf(await nft.write.transferFrom([seller.account.address, freshOwner, 10_000n]));

// Deployment design: what a factory of minimal clones (one clone per auction) would add to a singleton.
const probe = await viem.deployContract("CloneProbe");
const cloneGas = await gasOf(await probe.write.clone([house.address]));
const termsBytes = `0x${"11".repeat(13 * 32)}` as Hex; // AuctionTerms as immutable arguments: 13 words
const cloneWithArgsGas = await gasOf(await probe.write.cloneWithArgs([house.address, termsBytes]));
const [clonedEvent] = await publicClient.getContractEvents({ address: probe.address, abi: probe.abi, eventName: "Cloned", fromBlock: "latest" });
const clone = clonedEvent.args.clone as Address;
const data = encodeFunctionData({ abi: house.abi, functionName: "phaseOf", args: [1n] });
const direct = await publicClient.estimateGas({ to: house.address, data, account: seller.account });
const viaClone = await publicClient.estimateGas({ to: clone, data, account: seller.account });
const delegatecallOverhead = Number(viaClone - direct);

const rows: Row[] = [];
for (const [i, n] of SIZES.entries()) rows.push(await runAuction(n, BigInt(i + 1)));

const fmt = (x: number) => x.toLocaleString("en-US");
console.log("| bidders | create | commit | reveal (loser, refunded) | reveal (new leader) | settle | claimLot | withdrawRefund | withdrawProceeds |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${fmt(r.bidders)} | ${fmt(r.create)} | ${fmt(r.commit)} | ${fmt(r.revealLoser.min)}–${fmt(r.revealLoser.max)} | ${fmt(r.revealNewBest.min)}–${fmt(r.revealNewBest.max)} | ${fmt(r.settle)} | ${fmt(r.claimLot)} | ${fmt(r.withdrawRefund)} | ${fmt(r.withdrawProceeds)} |`);
}
const worst = (pick: (r: Row) => number) => Math.max(...rows.map(pick));
const result = {
  create: worst((r) => r.create),
  commit: worst((r) => r.commit),
  revealLoser: worst((r) => r.revealLoser.max),
  revealNewBest: worst((r) => r.revealNewBest.max),
  settle: Object.fromEntries(rows.map((r) => [String(r.bidders), r.settle])),
  claimLot: worst((r) => r.claimLot),
  withdrawRefund: worst((r) => r.withdrawRefund),
  withdrawProceeds: worst((r) => r.withdrawProceeds),
  reference: { erc721TransferToNewOwner },
  deploymentDesign: { cloneDeploy: cloneGas, cloneWithTermsDeploy: cloneWithArgsGas, perCallDelegatecallOverhead: delegatecallOverhead },
};
const loserTotal = result.commit + result.revealLoser;
console.log(`\nA losing bidder's whole cost (commit + reveal with refund, no claim): ${fmt(loserTotal)} gas`);
console.log(`A displaced leader's whole cost (commit + reveal as leader + withdrawRefund): ${fmt(result.commit + result.revealNewBest + result.withdrawRefund)} gas`);
console.log(`Deployment design: a minimal clone per auction costs ${fmt(cloneGas)} gas to deploy (${fmt(cloneWithArgsGas)} carrying the terms as immutable arguments) and adds ${fmt(delegatecallOverhead)} gas to every call through it (cold implementation + DELEGATECALL), i.e. to every commit and reveal.`);
console.log(`Reference: a bare ERC-721 transferFrom to a new owner (OpenZeppelin 5 ERC721): ${fmt(erc721TransferToNewOwner)} gas`);
mkdirSync("bench", { recursive: true });
writeFileSync("bench/gas.json", JSON.stringify(result, null, 2) + "\n");
console.log("wrote bench/gas.json");
