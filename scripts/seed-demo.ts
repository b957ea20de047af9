/**
 * Local demo chain: deploys the AuctionHouse, the KUnitAuctionHouse and three open-mint demo tokens (ERC-721,
 * ERC-20, ERC-1155) on a running Hardhat node, writes
 * deployments/31337.json, and seeds auctions in every phase with demo bidders' bids, so the app has something
 * to show. Uses the node's unlocked dev accounts through JSON-RPC; never runs against another chain.
 *
 *   npm run app:seed            (against http://127.0.0.1:8545; `npm start` runs it for you)
 *
 * Accounts (Hardhat's well-known dev keys): #0 deployer and faucet, #1 demo seller, #2–#4 demo bidders,
 * #5–#9 left for you: each gets demo NFTs, demo dollars and 20 copies of the demo ERC-1155 id 1 (units for k-unit
 * auctions) to create auctions and bid with.
 * Secrets of demo bids still unopened are written as receipts to .deployments-local/demo-receipts/, so you
 * can import one into the app and open it (anyone may open a bid on its bidder's behalf).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  http,
  keccak256,
  parseEther,
  toHex,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { hardhat } from "viem/chains";
import { bidCommitment, reserveCommitment, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms, type UnitAuctionTerms } from "../lib/auction.js";
import { writeDeployment } from "../lib/deployments.js";
import type { BeaconConfig } from "../lib/timelock.js";
import { makeReceipt, serializeReceipt } from "../lib/receipt.js";
import { DEMO_RECORD, type DemoRecord } from "./export-app-config.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DEMO_RECEIPTS_DIR = join(ROOT, ".deployments-local", "demo-receipts");

/** Hardhat's default dev accounts (mnemonic "test test … junk"), unlocked on `hardhat node`. */
export const DEV_ACCOUNTS = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
] as const satisfies readonly Address[];

const [DEPLOYER, SELLER, ALICE, BOB, CAROL] = DEV_ACCOUNTS;
const USERS = DEV_ACCOUNTS.slice(5);

function artifact(path: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(join(ROOT, "artifacts", "contracts", path), "utf8"));
}

export function localClients(rpcUrl: string) {
  const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
  const transport = http(rpcUrl);
  return {
    publicClient: createPublicClient({ chain, transport, pollingInterval: 50 }),
    testClient: createTestClient({ chain, transport, mode: "hardhat" }),
    wallet: (account: Address) => createWalletClient({ chain, transport, account }),
  };
}

export interface LocalDeployment {
  chainId: number;
  auctionHouse: Address;
  deployBlock: number;
  nft: Address;
  token: Address;
  /** The k-unit house (contracts/KUnitAuctionHouse.sol) and its deploy block. */
  kunitHouse: Address;
  kunitDeployBlock: number;
  /** Demo ERC-1155 (open minting): copies of one id are the units of a k-unit lot. */
  erc1155: Address;
}

/** Copies of demo ERC-1155 id {@link DEMO_ERC1155_ID} minted to the seller and every demo user. */
export const DEMO_ERC1155_ID = 1n;
export const DEMO_ERC1155_COPIES = 20n;

/** Deploys AuctionHouse, KUnitAuctionHouse and the demo tokens from dev account #0 and writes both records. */
export async function deployLocal(rpcUrl: string, opts: { writeRecords?: boolean; beacon?: BeaconConfig } = {}): Promise<LocalDeployment> {
  const { publicClient, wallet } = localClients(rpcUrl);
  const chainId = await publicClient.getChainId();
  if (chainId !== 31337) throw new Error(`refusing to deploy demo contracts on chain ${chainId}: local chain 31337 only`);
  const deployer = wallet(DEPLOYER);
  const deploy = async (path: string, args: unknown[] = []) => {
    const a = artifact(path);
    const hash = await deployer.deployContract({ abi: a.abi, bytecode: a.bytecode, args } as never);
    const r = await publicClient.waitForTransactionReceipt({ hash });
    if (!r.contractAddress) throw new Error(`deploying ${path} failed`);
    return { address: getAddress(r.contractAddress), blockNumber: Number(r.blockNumber), hash };
  };
  const house = await deploy("AuctionHouse.sol/AuctionHouse.json");
  const nft = await deploy("test/MockERC721.sol/MockERC721.json", ["Demo Collectibles", "DEMO"]);
  const token = await deploy("test/MockERC20.sol/MockERC20.json", ["Demo Dollar", "DUSD"]);
  const kunit = await deploy("KUnitAuctionHouse.sol/KUnitAuctionHouse.json");
  const erc1155 = await deploy("test/MockERC1155.sol/MockERC1155.json");
  if (opts.writeRecords !== false) {
    // The beacon the local chain's self-opening bids are sealed to (npm start's local beacon).
    const beacon = opts.beacon ? { beacon: opts.beacon } : {};
    writeDeployment({
      chainId, auctionHouse: house.address, deployBlock: house.blockNumber, deployTx: house.hash,
      kunitHouse: kunit.address, kunitDeployBlock: kunit.blockNumber, ...beacon,
    }, join(ROOT, "deployments"));
    const demo: DemoRecord = { chainId, nft: nft.address, token: token.address, tokenSymbol: "DUSD", tokenDecimals: 18, erc1155: erc1155.address, erc1155Id: DEMO_ERC1155_ID.toString(), faucet: DEPLOYER };
    mkdirSync(dirname(DEMO_RECORD), { recursive: true });
    writeFileSync(DEMO_RECORD, JSON.stringify(demo, null, 2) + "\n");
  }
  return {
    chainId, auctionHouse: house.address, deployBlock: house.blockNumber, nft: nft.address, token: token.address,
    kunitHouse: kunit.address, kunitDeployBlock: kunit.blockNumber, erc1155: erc1155.address,
  };
}


/** Token ids minted to each user account #5–#9: 100 + 10·i … 104 + 10·i. */
export function userTokenIds(userIndex: number): bigint[] {
  return [0, 1, 2, 3, 4].map((k) => BigInt(100 + 10 * userIndex + k));
}

export interface SeedSummary {
  auctions: { id: bigint; story: string }[];
  receipts: string[];
}

/**
 * Seeds the demo. Leaves chain time ~3 h ahead of the wall clock: auction phases come from chain time.
 * Auctions: settled (with a burned bond), awaiting settlement, revealing (ERC-20 payment, sealed reserve,
 * bids still unopened), committing with bids, committing without bids (ERC-20 lot), cancelled.
 */
export async function seedDemo(rpcUrl: string, d: LocalDeployment): Promise<SeedSummary> {
  const { publicClient, testClient, wallet } = localClients(rpcUrl);
  // Read here, not at import: a fresh clone compiles the contracts first (npm start does).
  const NFT_ABI = artifact("test/MockERC721.sol/MockERC721.json").abi;
  const TOKEN_ABI = artifact("test/MockERC20.sol/MockERC20.json").abi;
  const HOUSE_ABI = artifact("AuctionHouse.sol/AuctionHouse.json").abi;
  const send = async (from: Address, req: { address: Address; abi: Abi; functionName: string; args?: unknown[]; value?: bigint }) => {
    const { request } = await publicClient.simulateContract({ ...req, account: from } as never);
    const hash = await wallet(from).writeContract(request as never);
    const r = await publicClient.waitForTransactionReceipt({ hash });
    if (r.status !== "success") throw new Error(`${req.functionName} from ${from} reverted`);
    return r;
  };
  const house = d.auctionHouse;
  const domain = (auctionId: bigint) => ({ chainId: d.chainId, auctionHouse: house, auctionId });
  const salt = (label: string) => keccak256(toHex(`demo salt ${label} ${Math.random()}`));
  const chainNow = async () => Number((await publicClient.getBlock()).timestamp);
  const advanceTo = async (t: number) => {
    const now = await chainNow();
    if (t > now) await testClient.increaseTime({ seconds: t - now });
    await testClient.mine({ blocks: 1 });
  };

  // Tokens for everyone.
  for (const [i, to] of [SELLER, ...USERS].entries()) {
    const ids = i === 0 ? [1n, 2n, 3n, 4n, 5n, 6n] : userTokenIds(i - 1);
    for (const id of ids) await send(DEPLOYER, { address: d.nft, abi: NFT_ABI, functionName: "mint", args: [to, id] });
  }
  for (const to of [SELLER, ALICE, BOB, CAROL, ...USERS]) {
    await send(DEPLOYER, { address: d.token, abi: TOKEN_ABI, functionName: "mint", args: [to, parseEther("10000")] });
  }
  // Units for k-unit auctions: copies of one ERC-1155 id for the seller and every demo user.
  const ERC1155_ABI = artifact("test/MockERC1155.sol/MockERC1155.json").abi;
  for (const to of [SELLER, ...USERS]) {
    await send(DEPLOYER, { address: d.erc1155, abi: ERC1155_ABI, functionName: "mint", args: [to, DEMO_ERC1155_ID, DEMO_ERC1155_COPIES] });
  }
  await send(SELLER, { address: d.nft, abi: NFT_ABI, functionName: "setApprovalForAll", args: [house, true] });
  for (const who of [SELLER, ALICE, BOB, CAROL]) {
    await send(who, { address: d.token, abi: TOKEN_ABI, functionName: "approve", args: [house, parseEther("1000000")] });
  }

  const receipts: string[] = [];
  rmSync(DEMO_RECEIPTS_DIR, { recursive: true, force: true });
  mkdirSync(DEMO_RECEIPTS_DIR, { recursive: true });
  const keep = (name: string, r: ReturnType<typeof makeReceipt>) => {
    const path = join(DEMO_RECEIPTS_DIR, name);
    writeFileSync(path, serializeReceipt(r));
    receipts.push(path);
  };

  const nextId = async () => (await publicClient.readContract({ address: house, abi: HOUSE_ABI, functionName: "nextAuctionId" })) as bigint;
  const create = async (
    o: { tokenId?: bigint; erc20Lot?: bigint; payInToken?: boolean; firstPrice?: boolean; commitEnd: number; reserveEnd?: number; revealEnd: number; bond: bigint; floor?: bigint; sealed?: bigint },
    label: string,
  ) => {
    const id = await nextId();
    let sealedCommitment: Hex = ZERO_BYTES32;
    let reserveSalt: Hex | null = null;
    let nonce = 0n;
    if (o.sealed !== undefined) {
      // Rule 6: the reserve binds the seller's own nonce, not the auction id.
      nonce = (await publicClient.readContract({ address: house, abi: HOUSE_ABI, functionName: "reserveNonceOf", args: [SELLER] })) as bigint;
      reserveSalt = salt(`reserve ${id}`);
      sealedCommitment = reserveCommitment({ chainId: d.chainId, auctionHouse: house, nonce }, SELLER, o.sealed, reserveSalt);
    }
    const terms: AuctionTerms = {
      seller: SELLER,
      lotKind: o.erc20Lot ? 1 : 0,
      lotToken: o.erc20Lot ? d.token : d.nft,
      lotAmountOrId: o.erc20Lot ?? o.tokenId!,
      paymentToken: o.payInToken ? d.token : ZERO_ADDRESS,
      format: o.firstPrice ? 1 : 0,
      commitEnd: o.commitEnd,
      reserveEnd: o.sealed !== undefined ? o.reserveEnd ?? o.commitEnd + 600 : 0,
      revealEnd: o.revealEnd,
      bond: o.bond,
      floorReserve: o.floor ?? 0n,
      sealedReserveCommitment: sealedCommitment,
      reserveNonce: nonce,
    };
    const value = o.sealed !== undefined && !o.payInToken ? o.bond : 0n;
    await send(SELLER, { address: house, abi: HOUSE_ABI, functionName: "create", args: [terms], value });
    const reserve = o.sealed !== undefined ? { amount: o.sealed, salt: reserveSalt!, nonce } : null;
    return { id, terms, label, reserve, bids: new Map<Address, { amount: bigint; salt: Hex; deposit: bigint; order: bigint }>() };
  };
  type Auction = Awaited<ReturnType<typeof create>>;
  const commit = async (a: Auction, bidder: Address, amount: bigint, deposit: bigint) => {
    const s = salt(`${a.id} ${bidder}`);
    const c = bidCommitment(domain(a.id), bidder, amount, s);
    const eth = a.terms.paymentToken === ZERO_ADDRESS;
    await send(bidder, { address: house, abi: HOUSE_ABI, functionName: "commit", args: [a.id, c, deposit], value: eth ? deposit : 0n });
    a.bids.set(bidder, { amount, salt: s, deposit, order: BigInt(a.bids.size + 1) });
  };
  const reveal = async (a: Auction, bidder: Address) => {
    const b = a.bids.get(bidder)!;
    await send(bidder, { address: house, abi: HOUSE_ABI, functionName: "reveal", args: [a.id, bidder, b.amount, b.salt, b.deposit, b.order] });
  };
  const keepBid = (a: Auction, bidder: Address, name: string) => {
    const b = a.bids.get(bidder)!;
    keep(`auction-${a.id}-${name}-bid.json`, makeReceipt({ role: "bid", chainId: d.chainId, auctionHouse: house, auctionId: a.id, account: bidder, amount: b.amount, salt: b.salt, deposit: b.deposit }));
  };

  const t0 = await chainNow();
  const H = 3600;
  const settled = await create({ tokenId: 1n, commitEnd: t0 + H, revealEnd: t0 + 2 * H, bond: parseEther("0.05"), floor: parseEther("0.5") }, "settled: second price, public reserve, a displaced leader refunded in the reveal, delivered at settlement, one bond burned");
  const awaiting = await create({ tokenId: 2n, firstPrice: true, commitEnd: t0 + H, revealEnd: t0 + 2.5 * H, bond: parseEther("0.1"), sealed: parseEther("1") }, "awaiting settlement: first price, sealed reserve opened");
  const revealing = await create({ tokenId: 3n, payInToken: true, commitEnd: t0 + 2 * H, reserveEnd: t0 + 2.5 * H, revealEnd: t0 + 2 * 24 * H, bond: parseEther("10"), sealed: parseEther("100") }, "revealing: paid in DUSD, sealed reserve opened first, two bids unopened");
  // Bidding closes before the seeding ends; the seller's reserve window then runs for two days.
  const reserveWindow = await create({ tokenId: 6n, commitEnd: t0 + 2.5 * H, reserveEnd: t0 + 2 * 24 * H, revealEnd: t0 + 3 * 24 * H, bond: parseEther("0.05"), floor: parseEther("0.1"), sealed: parseEther("0.8") }, "reserve window: sealed reserve not open yet, so no bid can be opened");

  await commit(settled, ALICE, parseEther("1.2"), parseEther("2"));
  await commit(settled, BOB, parseEther("0.9"), parseEther("1"));
  await commit(settled, CAROL, parseEther("3"), parseEther("4"));
  await commit(awaiting, ALICE, parseEther("1.5"), parseEther("2"));
  await commit(awaiting, BOB, parseEther("1.1"), parseEther("1.5"));
  await commit(revealing, ALICE, parseEther("250"), parseEther("400"));
  await commit(revealing, BOB, parseEther("180"), parseEther("200"));
  await commit(revealing, CAROL, parseEther("120"), parseEther("150"));
  await commit(reserveWindow, ALICE, parseEther("0.9"), parseEther("1"));
  await commit(reserveWindow, CAROL, parseEther("0.6"), parseEther("1"));

  await advanceTo(t0 + H + 10);
  // Bob leads first; Alice's opening displaces him and refunds his deposit in the same transaction.
  await reveal(settled, BOB);
  await reveal(settled, ALICE);
  // Rule 6: the sealed reserve is opened first, before any bid can be.
  await send(SELLER, { address: house, abi: HOUSE_ABI, functionName: "revealReserve", args: [awaiting.id, awaiting.terms, awaiting.reserve!.amount, awaiting.reserve!.salt] });
  await reveal(awaiting, BOB);
  await reveal(awaiting, ALICE);

  await advanceTo(t0 + 2 * H + 10);
  await send(SELLER, { address: house, abi: HOUSE_ABI, functionName: "revealReserve", args: [revealing.id, revealing.terms, revealing.reserve!.amount, revealing.reserve!.salt] });
  await reveal(revealing, ALICE);
  keepBid(revealing, BOB, "bob");
  keepBid(revealing, CAROL, "carol");
  const r = reserveWindow.reserve!;
  keep(`auction-${reserveWindow.id}-seller-reserve.json`, makeReceipt({ role: "reserve", chainId: d.chainId, auctionHouse: house, auctionId: reserveWindow.id, account: SELLER, amount: r.amount, salt: r.salt, nonce: r.nonce }));
  keepBid(reserveWindow, ALICE, "alice");
  keepBid(reserveWindow, CAROL, "carol");

  await advanceTo(t0 + 3 * H);
  // Settlement delivers: the lot and Alice's change to Alice, the proceeds to the seller; nothing is left to claim.
  await send(BOB, { address: house, abi: HOUSE_ABI, functionName: "settle", args: [settled.id, settled.terms, ALICE] });
  keepBid(settled, CAROL, "carol"); // unopened: the bond is burned; the rest is Carol's to withdraw

  const t1 = await chainNow();
  const committing = await create({ tokenId: 4n, commitEnd: t1 + 2 * 24 * H, revealEnd: t1 + 3 * 24 * H, bond: parseEther("0.01") }, "committing: second price, no reserve, two bids");
  await commit(committing, ALICE, parseEther("0.8"), parseEther("1"));
  await commit(committing, BOB, parseEther("0.7"), parseEther("1"));
  keepBid(committing, ALICE, "alice");
  keepBid(committing, BOB, "bob");
  const erc20Lot = await create({ erc20Lot: parseEther("500"), firstPrice: true, commitEnd: t1 + 3 * 24 * H, revealEnd: t1 + 4 * 24 * H, bond: parseEther("0.02"), floor: parseEther("0.2") }, "committing: 500 DUSD lot, first price, public reserve, no bids yet");
  const cancelled = await create({ tokenId: 5n, commitEnd: t1 + 24 * H, revealEnd: t1 + 2 * 24 * H, bond: parseEther("0.01") }, "cancelled before any bid");
  await send(SELLER, { address: house, abi: HOUSE_ABI, functionName: "cancel", args: [cancelled.id, cancelled.terms, SELLER] });

  // A k-unit auction in its commit window: 3 copies of the demo ERC-1155 id, uniform price, two bids.
  const KUNIT_ABI = artifact("KUnitAuctionHouse.sol/KUnitAuctionHouse.json").abi;
  await send(SELLER, { address: d.erc1155, abi: ERC1155_ABI, functionName: "setApprovalForAll", args: [d.kunitHouse, true] });
  const kunitId = (await publicClient.readContract({ address: d.kunitHouse, abi: KUNIT_ABI, functionName: "nextAuctionId" })) as bigint;
  const kunitTerms: UnitAuctionTerms = {
    seller: SELLER, lotKind: 0, lotToken: d.erc1155, lotId: DEMO_ERC1155_ID, lotAmount: 3n, units: 3, paymentToken: ZERO_ADDRESS, format: 0,
    commitEnd: t1 + 2 * 24 * H, reserveEnd: 0, revealEnd: t1 + 3 * 24 * H, bond: parseEther("0.01"), floorReserve: parseEther("0.1"),
    sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n,
  };
  await send(SELLER, { address: d.kunitHouse, abi: KUNIT_ABI, functionName: "create", args: [kunitTerms] });
  for (const [bidder, name, amount] of [[ALICE, "alice", parseEther("0.4")], [BOB, "bob", parseEther("0.3")]] as const) {
    const bidSalt = salt(`kunit ${name}`);
    const deposit = parseEther("0.5");
    const domain = { chainId: d.chainId, auctionHouse: d.kunitHouse, auctionId: kunitId };
    await send(bidder, { address: d.kunitHouse, abi: KUNIT_ABI, functionName: "commit", args: [kunitId, bidCommitment(domain, bidder, amount, bidSalt), deposit], value: deposit });
    keep(`kunit-${kunitId}-${name}-bid.json`, makeReceipt({ role: "bid", chainId: d.chainId, auctionHouse: d.kunitHouse, auctionId: kunitId, account: bidder, amount, salt: bidSalt, deposit }));
  }

  return {
    auctions: [
      ...[settled, awaiting, revealing, reserveWindow, committing, erc20Lot, cancelled].map((a) => ({ id: a.id, story: a.label })),
      { id: kunitId, story: "k-unit house: 3 ERC-1155 units, uniform price, floor 0.1 ETH, two bids (committing)" },
    ],
    receipts,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rpcUrl = process.env.RPC_URL ?? "http://127.0.0.1:8545";
  const d = await deployLocal(rpcUrl);
  const summary = await seedDemo(rpcUrl, d);
  console.log(`AuctionHouse ${d.auctionHouse} (block ${d.deployBlock}); demo NFT ${d.nft}; DUSD ${d.token}`);
  for (const a of summary.auctions) console.log(`  auction ${a.id}: ${a.story}`);
  console.log(`demo receipts: ${DEMO_RECEIPTS_DIR}`);
}
