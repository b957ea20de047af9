/**
 * Gas benchmark: real second-price ETH auctions of an ERC-721 with 2, 10, 100 and 1,000 bidders on the
 * in-process Hardhat network, then self-opening commits and batch openings (revealMany) of 1, 10 and 100 losing
 * bids, then hidden deposits (commitHidden; opening a losing hidden bid whose vault holds its collateral, ETH and
 * ERC-20), then whole auctions (scripts/bench-gas-whole.ts: every transaction of an auction, by party). Prints
 * markdown tables and writes bench/gas.json. Figures are receipts' gasUsed (after refunds), exact for this code and
 * compiler settings. Settlement delivers (lot, change, proceeds), so the claims (claimLot, withdrawRefund,
 * withdrawProceeds) are measured where they are still needed: a winner whose deliveries failed.
 *
 *   npm run bench:gas
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, keccak256, toHex, type Address, type Hex } from "viem";
import { bidCommitment } from "../lib/auction.js";
import { benchKUnit, formatKUnitRows } from "./bench-gas-kunit.js";
import { benchWholeAuction, formatWholeAuctionRows } from "./bench-gas-whole.js";

const SIZES = [2, 10, 100, 1000] as const;
/** Losing bids opened by one revealMany. */
const BATCH_SIZES = [1, 10, 100] as const;
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
  /** Settlement that delivers the lot, the winner's change and the proceeds. */
  settle: number;
}

const wallets = [] as Awaited<ReturnType<typeof bidderWallet>>[];
for (let i = 0; i < Math.max(...SIZES, ...BATCH_SIZES.map((n) => n + 1), 13); i++) wallets.push(await bidderWallet(i));

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
  // Everything is open, so anyone may settle now (early settlement); it delivers everything.
  const anyone = wallets[n - 1 === 0 ? 1 : n - 1];
  const { bestOrder } = await house.read.auctionState([auctionId]);
  const winner = bids[bestOrder - 1];
  const settle = await gasOf(await house.write.settle([auctionId, terms, winner.wallet.account.address], { account: anyone.account }));
  if (!(await house.read.auctionState([auctionId])).lotClaimed) throw new Error(`auction of ${n}: settlement did not deliver the lot`);
  const span = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  return {
    bidders: n, create, commit: Math.max(...commitGas), revealLoser: span(loser.length ? loser : [0]),
    revealNewBest: span(newBest), settle,
  };
}

/**
 * The claims, where settlement's pushes failed: the winner is a contract that refuses ETH and has no ERC-721
 * receiver, so settlement leaves it the lot and its change as claims, and the proceeds wait for the lot. The
 * winner (impersonated) claims the lot for an address that owns no token of the collection yet, then its change;
 * the seller withdraws its proceeds. Also: what such a settlement costs (every push tried and failed).
 */
async function fallbackClaims() {
  const refuser = await viem.deployContract("BidderContract", [house.address]);
  await refuser.write.setRejects([true, true]);
  await testClient.impersonateAccount({ address: refuser.address });
  await testClient.setBalance({ address: refuser.address, value: 10n ** 21n });
  const asRefuser = await viem.getWalletClient(refuser.address);
  const { auctionId, domain, terms } = await benchAuction(60_000n);
  const entrants = [
    { account: wallets[1].account, amount: 10n ** 18n },
    { account: asRefuser.account, amount: 3n * 10n ** 18n },
  ];
  const openings = [];
  for (const [i, e] of entrants.entries()) {
    const salt = keccak256(toHex(`fallback ${i}`));
    const deposit = e.amount + 10n ** 17n;
    await house.write.commit([auctionId, bidCommitment(domain, e.account.address, e.amount, salt), deposit], { value: deposit, account: e.account });
    openings.push({ account: e.account, amount: e.amount, salt, deposit, order: BigInt(i + 1) });
  }
  await testClient.increaseTime({ seconds: 3600 });
  await testClient.mine({ blocks: 1 });
  for (const o of openings) await house.write.reveal([auctionId, o.account.address, o.amount, o.salt, o.deposit, o.order]);
  const settleUndelivered = await gasOf(await house.write.settle([auctionId, terms, refuser.address]));
  const recipient = getAddress(`0x${keccak256(toHex("fallback lot recipient")).slice(26)}`);
  const claimLot = await gasOf(await house.write.claimLot([auctionId, terms, recipient], { account: asRefuser.account }));
  const withdrawRefund = await gasOf(await house.write.withdrawRefund([auctionId, wallets[2].account.address], { account: asRefuser.account }));
  const withdrawProceeds = await gasOf(await house.write.withdrawProceeds([auctionId, seller.account.address]));
  return { settleUndelivered, claimLot, withdrawRefund, withdrawProceeds };
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

/**
 * Rule 13: the most a hostile receiver adds to someone else's reveal. A losing bid's refund is pushed inside
 * the reveal; here the bidder is a contract whose ETH receive hook, or whose hook in a hooked ERC-20, burns all
 * the gas it gets. A keeper opens it with a 3,000,000 gas limit; the figure is the keeper's extra gas over an
 * honest loser's reveal in the same kind of auction.
 */
async function hostileReceiverReveals() {
  const [keeper] = await viem.getWalletClients();
  const hooked = await viem.deployContract("HookedERC20");
  const burner = await viem.deployContract("BidderContract", [house.address]);
  await testClient.impersonateAccount({ address: burner.address });
  await testClient.setBalance({ address: burner.address, value: 10n ** 21n });
  const asBurner = await viem.getWalletClient(burner.address);
  await hooked.write.approve([house.address, 2n ** 255n], { account: asBurner.account });
  await hooked.write.mint([burner.address, 10n ** 21n]);
  const honest = wallets[1];
  await hooked.write.mint([honest.account.address, 10n ** 21n]);
  await hooked.write.approve([house.address, 2n ** 255n], { account: honest.account });
  const top = wallets[2];
  await hooked.write.mint([top.account.address, 10n ** 21n]);
  await hooked.write.approve([house.address, 2n ** 255n], { account: top.account });

  const measure = async (payment: Address) => {
    const { auctionId, domain } = await benchAuction(20_000n + BigInt(payment === ZERO ? 0 : 1), payment);
    const eth = payment === ZERO;
    const bid = async (who: Address, amount: bigint, label: string) => {
      const s = keccak256(toHex(label));
      const c = bidCommitment(domain, who, amount, s);
      if (who === burner.address) await burner.write.commit([auctionId, c, amount], { value: eth ? amount : 0n });
      else await house.write.commit([auctionId, c, amount], { value: eth ? amount : 0n, account: who });
      return s;
    };
    const sTop = await bid(top.account.address, 3n * 10n ** 18n, "hostile top");
    const sHonest = await bid(honest.account.address, 10n ** 18n, "hostile honest");
    const sBurner = await bid(burner.address, 10n ** 18n, "hostile burner");
    await burner.write.setBurnGas([true]);
    if (!eth) await hooked.write.setHook([burner.address, true]);
    await testClient.increaseTime({ seconds: 3600 });
    await testClient.mine({ blocks: 1 });
    await house.write.reveal([auctionId, top.account.address, 3n * 10n ** 18n, sTop, 3n * 10n ** 18n, 1n], { account: keeper.account });
    const plain = await gasOf(await house.write.reveal([auctionId, honest.account.address, 10n ** 18n, sHonest, 10n ** 18n, 2n], { account: keeper.account }));
    const hostile = await gasOf(await house.write.reveal([auctionId, burner.address, 10n ** 18n, sBurner, 10n ** 18n, 3n], { account: keeper.account, gas: 3_000_000n }));
    await burner.write.setBurnGas([false]);
    if (!eth) await hooked.write.setHook([burner.address, false]);
    return { plain, hostile, added: hostile - plain };
  };
  const ethCase = await measure(ZERO);
  const tokenCase = await measure(hooked.address);
  return { eth: ethCase, token: tokenCase };
}
const ZERO = "0x0000000000000000000000000000000000000000" as Address;
const ZERO32 = `0x${"00".repeat(32)}` as Hex;

/** Deterministic pseudo-random bytes (a keccak chain): like a ciphertext, almost every byte is non-zero. */
function pseudoRandomBytes(label: string, length: number): Hex {
  let out = "";
  for (let block = keccak256(toHex(label)); out.length < 2 * length; block = keccak256(block)) out += block.slice(2);
  return `0x${out.slice(0, 2 * length)}`;
}

/** A fresh second-price auction of a new ERC-721 token (paid in ETH unless told), commit window open for an hour. */
async function benchAuction(tokenId: bigint, paymentToken: Address = ZERO) {
  await nft.write.mint([seller.account.address, tokenId]);
  await nft.write.approve([house.address, tokenId]);
  const now = Number((await publicClient.getBlock()).timestamp);
  const terms = {
    seller: seller.account.address, lotKind: 0, lotToken: nft.address, lotAmountOrId: tokenId, paymentToken, format: 0,
    commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO32, reserveNonce: 0n,
  } as const;
  const auctionId = await house.read.nextAuctionId();
  await house.write.create([terms]);
  return { auctionId, terms, domain: { chainId, auctionHouse: house.address, auctionId } };
}

/** Bytes of a tlock (drand) ciphertext of a 64-byte opening, binary (age format). */
const SEALED_OPENING_BYTES = 417;

/**
 * A commit carrying its sealed opening (commitSelfOpening): 417 pseudo-random bytes, as a real ciphertext. The
 * figure is the highest of 10 commits in one auction, 3 plain commits made first (the same conditions as the
 * main table's commits).
 */
async function selfOpeningCommits() {
  const { auctionId, domain } = await benchAuction(30_000n);
  const gas: number[] = [];
  for (let i = 0; i < 13; i++) {
    const w = wallets[i];
    const amount = 10n ** 17n * BigInt(i + 1);
    const commitment = bidCommitment(domain, w.account.address, amount, keccak256(toHex(`self-opening ${i}`)));
    const deposit = amount + 10n ** 17n;
    if (i < 3) {
      await house.write.commit([auctionId, commitment, deposit], { value: deposit, account: w.account });
      continue;
    }
    const sealed = pseudoRandomBytes(`ciphertext ${i}`, SEALED_OPENING_BYTES);
    gas.push(await gasOf(await house.write.commitSelfOpening([auctionId, commitment, deposit, sealed], { value: deposit, account: w.account })));
  }
  return Math.max(...gas);
}

/**
 * revealMany of n losing bids in one transaction, by a keeper: a high bid is opened first (it leads), then one
 * batch opens n lower bids, each refunded by its capped push (ETH, to accounts that hold ETH already).
 */
async function batchOpening(n: number, tokenId: bigint) {
  const { auctionId, domain } = await benchAuction(tokenId);
  const bids = Array.from({ length: n + 1 }, (_, i) => {
    // Bidder 0 bids 1,000 ETH; the others below 100 ETH, shuffled so that some raise the runner-up and some not.
    const amount = i === 0 ? 10n ** 21n : 10n ** 17n * BigInt(((i * 7919) % 997) + 1);
    return { wallet: wallets[i], amount, salt: keccak256(toHex(`batch ${n} ${i}`)), deposit: amount + 10n ** 17n, order: BigInt(i + 1) };
  });
  for (const b of bids) {
    const commitment = bidCommitment(domain, b.wallet.account.address, b.amount, b.salt);
    await house.write.commit([auctionId, commitment, b.deposit], { value: b.deposit, account: b.wallet.account });
  }
  await testClient.increaseTime({ seconds: 3600 });
  await testClient.mine({ blocks: 1 });
  const [top, ...losers] = bids;
  await house.write.reveal([auctionId, top.wallet.account.address, top.amount, top.salt, top.deposit, top.order]);
  const openings = losers.map((b) => ({ bidder: b.wallet.account.address, amount: b.amount, salt: b.salt, deposit: b.deposit, order: b.order }));
  const gas = await gasOf(await house.write.revealMany([auctionId, openings]));
  const { openCount } = await house.read.auctionState([auctionId]);
  if (openCount !== n + 1) throw new Error(`revealMany opened ${openCount - 1} of ${n}`);
  return gas;
}

/**
 * Hidden deposits (rule 16). commitHidden: the highest of 10 hidden commits in one ETH auction, 3 plain commits
 * made first (as for commitSelfOpening). revealVaultEth / revealVaultToken: a keeper opens a losing hidden bid
 * whose vault holds its collateral (sent there by a plain transfer from another account), after a higher plain
 * bid; the refund (bond + collateral) is pushed to a bidder that already holds the asset, and in the token case the
 * house already holds the token (bonds), as revealLoser's conditions.
 */
async function hiddenDeposits() {
  const payToken = await viem.deployContract("MockERC20", ["Bench Pay", "BPAY"]);
  const funder = wallets[12];
  const run = async (token: Address, tokenId: bigint) => {
    const eth = token === ZERO;
    await nft.write.mint([seller.account.address, tokenId]);
    await nft.write.approve([house.address, tokenId]);
    const now = Number((await publicClient.getBlock()).timestamp);
    const terms = {
      seller: seller.account.address, lotKind: 0, lotToken: nft.address, lotAmountOrId: tokenId, paymentToken: token, format: 0,
      commitEnd: now + 3600, reserveEnd: 0, revealEnd: now + 7200, bond: BOND, floorReserve: 0n, sealedReserveCommitment: ZERO32, reserveNonce: 0n,
    } as const;
    const auctionId = await house.read.nextAuctionId();
    await house.write.create([terms]);
    const domain = { chainId, auctionHouse: house.address, auctionId };
    const commitGas: number[] = [];
    const bids = [] as { w: (typeof wallets)[number]; amount: bigint; salt: Hex; order: bigint; hidden: boolean }[];
    for (let i = 0; i < 13; i++) {
      const w = wallets[i];
      if (!eth) {
        await payToken.write.mint([w.account.address, 10n ** 24n]);
        await payToken.write.approve([house.address, 2n ** 255n], { account: w.account });
      }
      const amount = i === 0 ? 10n ** 21n : 10n ** 17n * BigInt(i + 1);
      const salt = keccak256(toHex(`hidden ${token} ${i}`));
      const commitment = bidCommitment(domain, w.account.address, amount, salt);
      const hidden = i >= 3;
      if (!hidden) {
        const deposit = amount + 10n ** 17n;
        await house.write.commit([auctionId, commitment, deposit], { value: eth ? deposit : 0n, account: w.account });
      } else {
        commitGas.push(await gasOf(await house.write.commitHidden([auctionId, commitment], { value: eth ? BOND : 0n, account: w.account })));
        const vault = await house.read.vaultOf([auctionId, w.account.address, salt]);
        const collateral = amount; // bond + collateral > amount
        if (eth) await funder.sendTransaction({ to: vault, value: collateral });
        else await payToken.write.mint([vault, collateral]);
      }
      bids.push({ w, amount, salt, order: BigInt(i + 1), hidden });
    }
    await testClient.increaseTime({ seconds: 3600 });
    await testClient.mine({ blocks: 1 });
    const top = bids[0];
    await house.write.reveal([auctionId, top.w.account.address, top.amount, top.salt, top.amount + 10n ** 17n, top.order]);
    const gas: number[] = [];
    for (const b of bids.slice(3)) {
      gas.push(await gasOf(await house.write.reveal([auctionId, b.w.account.address, b.amount, b.salt, BOND, b.order])));
    }
    return { commit: Math.max(...commitGas), reveal: Math.max(...gas) };
  };
  const ethRun = await run(ZERO, 50_000n);
  const tokenRun = await run(payToken.address, 50_001n);
  return { commitHidden: ethRun.commit, revealVaultEth: ethRun.reveal, revealVaultToken: tokenRun.reveal };
}

const rows: Row[] = [];
for (const [i, n] of SIZES.entries()) rows.push(await runAuction(n, BigInt(i + 1)));
// After the main table, so that its figures do not depend on this extra traffic.
const hostileReceiver = await hostileReceiverReveals();
const commitSelfOpening = await selfOpeningCommits();
const revealMany: Record<string, number> = {};
for (const [i, n] of BATCH_SIZES.entries()) revealMany[String(n)] = await batchOpening(n, 40_000n + BigInt(i));
revealMany.marginal = Math.round((revealMany["100"] - revealMany["1"]) / 99);
const hidden = await hiddenDeposits();
const claims = await fallbackClaims();
// The k-unit house (scripts/bench-gas-kunit.ts), on its own deployment, after everything above.
const kunit = await benchKUnit(viem);
// Whole auctions, each on its own deployment with fresh accounts.
const whole = await benchWholeAuction(viem);

const fmt = (x: number) => x.toLocaleString("en-US");
console.log("| bidders | create | commit | reveal (loser, refunded) | reveal (new leader, displaced refunded) | settle (delivers) |");
console.log("|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${fmt(r.bidders)} | ${fmt(r.create)} | ${fmt(r.commit)} | ${fmt(r.revealLoser.min)}–${fmt(r.revealLoser.max)} | ${fmt(r.revealNewBest.min)}–${fmt(r.revealNewBest.max)} | ${fmt(r.settle)} |`);
}
console.log(`\nClaims where settlement's pushes failed (a winner refusing ETH and ERC-721): settle ${fmt(claims.settleUndelivered)}, claimLot ${fmt(claims.claimLot)}, withdrawRefund ${fmt(claims.withdrawRefund)}, withdrawProceeds ${fmt(claims.withdrawProceeds)}`);
const worst = (pick: (r: Row) => number) => Math.max(...rows.map(pick));
const result = {
  create: worst((r) => r.create),
  commit: worst((r) => r.commit),
  revealLoser: worst((r) => r.revealLoser.max),
  revealNewBest: worst((r) => r.revealNewBest.max),
  settle: Object.fromEntries(rows.map((r) => [String(r.bidders), r.settle])),
  claimLot: claims.claimLot,
  withdrawRefund: claims.withdrawRefund,
  withdrawProceeds: claims.withdrawProceeds,
  settleUndelivered: claims.settleUndelivered,
  reference: { erc721TransferToNewOwner },
  deploymentDesign: { cloneDeploy: cloneGas, cloneWithTermsDeploy: cloneWithArgsGas, perCallDelegatecallOverhead: delegatecallOverhead },
  hostileReceiverReveal: hostileReceiver,
  commitSelfOpening,
  revealMany,
  commitHidden: hidden.commitHidden,
  revealVaultEth: hidden.revealVaultEth,
  revealVaultToken: hidden.revealVaultToken,
  kunit: kunit.json,
  ...whole.json,
};
const loserTotal = result.commit + result.revealLoser;
console.log(`\nA losing bidder's whole cost (commit + reveal with refund, no claim): ${fmt(loserTotal)} gas`);
console.log(`A displaced leader's whole cost (commit + reveal as leader; refunded by the reveal that displaces it): at most ${fmt(result.commit + result.revealNewBest)} gas`);
console.log(`Deployment design: a minimal clone per auction costs ${fmt(cloneGas)} gas to deploy (${fmt(cloneWithArgsGas)} carrying the terms as immutable arguments) and adds ${fmt(delegatecallOverhead)} gas to every call through it (cold implementation + DELEGATECALL), i.e. to every commit and reveal.`);
console.log(`Hostile receiver (rule 13): a refund push to a gas-burning ETH receiver adds ${fmt(hostileReceiver.eth.added)} gas to the revealer's ${fmt(hostileReceiver.eth.plain)}; a gas-burning hook of an ERC-20 adds ${fmt(hostileReceiver.token.added)} to ${fmt(hostileReceiver.token.plain)} (caps: 30,000 ETH, 60,000 token).`);
console.log("\n| commitSelfOpening (417-byte ciphertext) | revealMany.1 | revealMany.10 | revealMany.100 | marginal per bid |");
console.log("|---:|---:|---:|---:|---:|");
console.log(`| ${fmt(commitSelfOpening)} | ${fmt(revealMany["1"])} | ${fmt(revealMany["10"])} | ${fmt(revealMany["100"])} | ${fmt(revealMany.marginal)} |`);
console.log(`A self-opening commit costs ${fmt(commitSelfOpening - result.commit)} more than a plain commit; a losing bid opened in a batch of 100 costs ${fmt(revealMany.marginal)} instead of ${fmt(result.revealLoser)} for its own reveal.`);
console.log("\n| commitHidden | revealVaultEth | revealVaultToken |");
console.log("|---:|---:|---:|");
console.log(`| ${fmt(hidden.commitHidden)} | ${fmt(hidden.revealVaultEth)} | ${fmt(hidden.revealVaultToken)} |`);
console.log(`Hidden deposits: a hidden commit costs ${fmt(hidden.commitHidden - result.commit)} more than a plain commit; opening a losing hidden bid costs ${fmt(hidden.revealVaultEth - result.revealLoser)} (ETH) / ${fmt(hidden.revealVaultToken - result.revealLoser)} (ERC-20) more than revealLoser.`);
console.log(`Reference: a bare ERC-721 transferFrom to a new owner (OpenZeppelin 5 ERC721): ${fmt(erc721TransferToNewOwner)} gas`);
console.log("\nk units (KUnitAuctionHouse), uniform price unless marked, ETH, k copies of an ERC-1155 id; reveals hinted from the logs:");
console.log(formatKUnitRows([...kunit.rows, kunit.payAsBid], [...kunit.rows.map(() => ""), "(pay-as-bid)"]));
console.log(`k units: create (k = 10) ${fmt(kunit.json.create)}; revealMany ${fmt(kunit.revealManyPerEntry)} gas per entry entering a full set (20 entries, k = 10).`);
console.log(`k units: hidden deposits (ETH, k = 1): commitHidden ${fmt(kunit.hidden.commitHidden)}; opening a hidden bid that does not enter, vault funded (revealVaultEth) ${fmt(kunit.hidden.revealVaultEth)}, ${fmt(kunit.hidden.revealVaultEth - (kunit.json.revealLoser as number))} more than revealLoser.`);
console.log(`k units: a stale hint costs ${fmt(kunit.walk.perStep)} gas per member walked: entering a full set (k = 40) ${fmt(kunit.walk.fresh)} with a fresh hint, ${fmt(kunit.walk.walked16)} with one 16 members low (the bound; one more reverts HintTooFar).`);
console.log("\nWhole auctions (ETH, one ERC-721, bids uniform in 0.1–10 ETH, deposits bid + 10%, random reveal order, every transaction until everyone holds what is theirs):");
console.log(formatWholeAuctionRows(whole.runs));
mkdirSync("bench", { recursive: true });
writeFileSync("bench/gas.json", JSON.stringify(result, null, 2) + "\n");
console.log("wrote bench/gas.json");
