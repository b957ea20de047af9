/**
 * The market simulation: deploys the house and the mock tokens, then runs auctions in rounds — every
 * auction of a round shares the same time windows, and each step (create, commit or cancel, open the sealed
 * reserve in its window, open bids after it, open shills, settle (which delivers), claim what a failed push
 * left) is one batch of transactions mined together (lib/sim/chain.ts). At the end every auction is audited from logs (lib/audit.ts, one log scan for the whole house), and rule 11 is
 * checked per asset: the house's balance = what the logs say it owes + what it burned.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPublicClient, custom, erc20Abi, erc721Abi, getAddress, maxUint256, type Abi, type Address, type Hex, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { auctionHouseAbi } from "../abi.js";
import { auditHistory, liabilitiesOf, readContractViewsMany, type AuditReport } from "../audit.js";
import { bidCommitment, computeOutcome, FORMATS, reserveCommitment, ZERO_ADDRESS, ZERO_BYTES32, type AuctionTerms, type CommitmentDomain } from "../auction.js";
import { fetchAllHistories } from "../history.js";
import type { Distribution } from "../lab/distributions.js";
import { optimalReserve } from "../lab/myerson.js";
import { createRng } from "../lab/random.js";
import { expectedRevenue } from "../lab/revenue.js";
import type { HttpRpc } from "../rpc/client.js";
import { DEFAULT_MIX, planAuction, shillsToOpen, SIM_BOND, VALUE_UNIT, type AgentMix, type AuctionPlan, type BidderRole } from "./agents.js";
import { BulkSender, hexOf, simAddress } from "./chain.js";

export interface MarketOptions {
  rpc: HttpRpc;
  auctions: number;
  /** Bidder slots per auction. */
  bidders: number;
  seed: number;
  dist: Distribution;
  /** Auctions sharing one set of windows (default 1,000). */
  roundSize?: number;
  mix?: Partial<AgentMix>;
  /** Views per deployless multicall in the audit (default 60; a node with unlimited code size takes 2,000). */
  callsPerMulticall?: number;
  /** Where the compiled artifacts are (default ./artifacts). */
  artifactsDir?: string;
  log?: (line: string) => void;
}

export interface RevenueGroup {
  format: string;
  reserve: number;
  bidders: number;
  auctions: number;
  mean: number;
  predicted: number;
  /** mean ± 1.96·sd/√n */
  ci95: [number, number];
  within: boolean;
}

export interface MarketResult {
  auctions: number;
  /** Auctions the house refused at creation (fee-on-transfer lots). */
  refusedCreates: number;
  bids: number;
  transactions: number;
  expectedReverts: number;
  unexpectedReverts: string[];
  roles: Record<BidderRole, number>;
  shillSellers: number;
  /** Auctions the seller cancelled (to a recipient) before any commitment. */
  cancelled: number;
  auditMismatches: number;
  mismatchSamples: string[];
  /** |balance − (owed + burned)| summed over every asset, smallest units. */
  weiLost: bigint;
  assets: { asset: string; balance: string; owed: string; burned: string; difference: string }[];
  revenue: { groups: RevenueGroup[]; pooled: { auctions: number; mean: number; predicted: number; z: number; within: boolean } };
  seconds: { total: number; setup: number; market: number; audit: number };
  throughput: { txPerSecond: number; bidsPerSecond: number; auctionsPerSecond: number };
  logs: number;
}

function artifact(dir: string, path: string): { abi: Abi; bytecode: Hex } {
  return JSON.parse(readFileSync(join(dir, "contracts", path), "utf8"));
}

interface Live {
  id: bigint;
  plan: AuctionPlan;
  terms: AuctionTerms;
  seller: Address;
  bidders: Address[];
}

export async function runMarket(o: MarketOptions): Promise<MarketResult> {
  const started = performance.now();
  const log = o.log ?? (() => {});
  const mix: AgentMix = { ...DEFAULT_MIX, ...o.mix };
  const rng = createRng(o.seed, 1);
  const dir = o.artifactsDir ?? join(process.cwd(), "artifacts");
  const A = {
    house: artifact(dir, "AuctionHouse.sol/AuctionHouse.json"),
    nft: artifact(dir, "test/MockERC721.sol/MockERC721.json"),
    token: artifact(dir, "test/MockERC20.sol/MockERC20.json"),
    hostile: artifact(dir, "test/HostileERC20.sol/HostileERC20.json"),
    fot: artifact(dir, "test/FeeOnTransferERC20.sol/FeeOnTransferERC20.json"),
    bidderContract: artifact(dir, "test/BidderContract.sol/BidderContract.json"),
  };
  const rpc = o.rpc;
  const chainId = Number(BigInt((await rpc.request({ method: "eth_chainId" })) as string));
  await rpc.request({ method: "evm_setAutomine", params: [false] });
  const tx = new BulkSender(rpc);

  // Accounts: pools sized so that accounts take part in many auctions each.
  const bidderPool = Math.max(o.bidders * 4 + 8, Math.min(2000, Math.ceil((o.auctions * o.bidders) / 20)));
  const sellerPool = Math.max(4, Math.min(500, Math.ceil(o.auctions / 10)));
  const grieferPool = 16;
  const deployer = simAddress("deployer");
  const keeper = simAddress("keeper");
  const bidders = Array.from({ length: bidderPool }, (_, i) => simAddress(`bidder ${i}`));
  const sellers = Array.from({ length: sellerPool }, (_, i) => simAddress(`seller ${i}`));
  const blocked = Array.from({ length: grieferPool }, (_, i) => simAddress(`blocked ${i}`));
  const everyone = [deployer, keeper, ...bidders, ...sellers, ...blocked];
  await tx.fund(everyone, 10n ** 30n);
  await tx.syncNonces(everyone);
  const head = (await rpc.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp: Hex; number: Hex };
  tx.time = Number(BigInt(head.timestamp)) + 10;
  const deployBlock = BigInt(head.number) + 1n;

  const house = tx.deploy(deployer, A.house, [], "deploy AuctionHouse");
  const nft = tx.deploy(deployer, A.nft, ["Sim Lots", "LOT"], "deploy MockERC721");
  const token = tx.deploy(deployer, A.token, ["Sim Dollar", "SUSD"], "deploy MockERC20");
  const hostile = tx.deploy(deployer, A.hostile, [], "deploy HostileERC20");
  const fot = tx.deploy(deployer, A.fot, [], "deploy FeeOnTransferERC20");
  const rejectEth = Array.from({ length: grieferPool }, () => tx.deploy(deployer, A.bidderContract, [house], "deploy BidderContract"));
  const rejectNft = Array.from({ length: grieferPool }, () => tx.deploy(deployer, A.bidderContract, [house], "deploy BidderContract"));
  await tx.flush();
  for (const c of rejectEth) tx.call(deployer, c, A.bidderContract.abi, "setRejects", [true, false]);
  for (const c of rejectNft) tx.call(deployer, c, A.bidderContract.abi, "setRejects", [false, true]);
  const plenty = 10n ** 40n;
  for (const a of [...bidders, ...sellers, ...blocked]) {
    for (const t of [token, hostile]) {
      tx.call(deployer, t, A.token.abi, "mint", [a, plenty]);
      tx.call(a, t, erc20Abi, "approve", [house, maxUint256]);
    }
  }
  for (const s of sellers) {
    tx.call(s, nft, erc721Abi, "setApprovalForAll", [house, true]);
    tx.call(deployer, fot, A.fot.abi, "mint", [s, plenty]);
    tx.call(s, fot, erc20Abi, "approve", [house, maxUint256]);
  }
  tx.time += 1;
  await tx.flush();
  for (const b of blocked) tx.call(deployer, hostile, A.hostile.abi, "setBlocked", [b, true]);
  tx.time += 1;
  await tx.flush();
  const setupSeconds = (performance.now() - started) / 1000;
  log(`setup: house ${house}, ${everyone.length} accounts, ${grieferPool * 2} griefer contracts (${setupSeconds.toFixed(1)} s)`);

  const publicReserve = optimalReserve(o.dist, o.bidders).reserve;
  const ctx = { rng, dist: o.dist, bidders: o.bidders, mix, bidderPool, sellerPool, grieferPool, publicReserve, saltLabel: `seed ${o.seed}` };
  const roles = Object.fromEntries(["truthful", "careless", "forgetful", "shill", "griefer-eth", "griefer-nft", "griefer-token"].map((r) => [r, 0])) as Record<BidderRole, number>;
  const live: Live[] = [];
  let nextId = 1n;
  let nftId = 1n;
  let refusedCreates = 0;
  let shillSellers = 0;
  let cancelled = 0;
  // Each seller's reserve nonce: only its own successful sealed-reserve creations move it.
  const reserveNonces = new Map<number, bigint>();
  const roundSize = o.roundSize ?? 1000;
  const marketStart = performance.now();
  const H = A.house.abi;
  const addressOf = (role: BidderRole, account: number): Address =>
    role === "griefer-eth" ? rejectEth[account] : role === "griefer-nft" ? rejectNft[account] : role === "griefer-token" ? blocked[account] : bidders[account];

  for (let first = 0; first < o.auctions; first += roundSize) {
    const count = Math.min(roundSize, o.auctions - first);
    const T = tx.time;
    const commitEnd = T + 100;
    // Sealed reserves are opened in [commitEnd, reserveEnd); bids from reserveEnd on (or once it is open).
    const reserveEnd = commitEnd + 50;
    const revealEnd = T + 300;
    const round: Live[] = [];
    // 1. Lots and creation.
    for (let i = 0; i < count; i++) {
      const plan = planAuction(ctx, first + i);
      const seller = sellers[plan.seller];
      if (plan.lot.kind === "erc721") tx.call(deployer, nft, A.nft.abi, "mint", [seller, nftId]);
      const lotToken = plan.lot.kind === "erc721" ? nft : plan.lot.kind === "erc20" ? token : fot;
      const refused = plan.lot.kind === "fee-on-transfer";
      const id = refused ? 0n : nextId;
      const paymentToken = plan.payment === "eth" ? ZERO_ADDRESS : plan.payment === "erc20" ? token : hostile;
      const sealed = plan.reserve === "sealed";
      const nonce = sealed ? (reserveNonces.get(plan.seller) ?? 0n) : 0n;
      // A refused creation reverts, so it moves neither the auction id nor the seller's nonce.
      if (sealed && !refused) reserveNonces.set(plan.seller, nonce + 1n);
      const terms: AuctionTerms = {
        seller: getAddress(seller), lotKind: plan.lot.kind === "erc721" ? 0 : 1, lotToken,
        lotAmountOrId: plan.lot.kind === "erc721" ? nftId : plan.lot.amount, paymentToken, format: FORMATS.indexOf(plan.format),
        commitEnd, reserveEnd: sealed ? reserveEnd : 0, revealEnd, bond: SIM_BOND, floorReserve: plan.floor,
        sealedReserveCommitment: sealed ? reserveCommitment({ chainId, auctionHouse: house, nonce }, seller, plan.sealedAmount, plan.sealedSalt) : ZERO_BYTES32,
        reserveNonce: nonce,
      };
      if (plan.lot.kind === "erc721") nftId += 1n;
      const value = sealed && plan.payment === "eth" ? SIM_BOND : 0n;
      tx.call(seller, house, H, "create", [terms], {
        value, label: `create #${id}`, expectRevert: refused ? "a fee-on-transfer lot is refused (TransferAmountMismatch)" : undefined,
      });
      if (refused) {
        refusedCreates += 1;
        continue;
      }
      nextId += 1n;
      const a: Live = { id, plan, terms, seller, bidders: plan.bids.map((b) => addressOf(b.role, b.account)) };
      round.push(a);
      if (plan.bids.some((b) => b.shill)) shillSellers += 1;
      for (const b of plan.bids) roles[b.role] += 1;
    }
    tx.time = T + 1;
    await tx.flush();
    // 2. Commitments (griefer contracts commit through their own contract); cancelling sellers cancel now,
    // before any commitment, sending the lot (and a sealed reserve's bond) to the keeper.
    for (const a of round) {
      if (a.plan.cancel) {
        tx.call(a.seller, house, H, "cancel", [a.id, a.terms, keeper], { label: `cancel #${a.id}` });
        cancelled += 1;
        continue;
      }
      const domain: CommitmentDomain = { chainId, auctionHouse: house, auctionId: a.id };
      const eth = a.plan.payment === "eth";
      a.plan.bids.forEach((b, i) => {
        const who = a.bidders[i];
        const c = bidCommitment(domain, who, b.amount, b.salt);
        if (b.role === "griefer-eth" || b.role === "griefer-nft") {
          tx.call(keeper, who, A.bidderContract.abi, "commit", [a.id, c, b.deposit], { value: b.deposit, label: `commit #${a.id} (contract)` });
        } else {
          tx.call(who, house, H, "commit", [a.id, c, b.deposit], { value: eth ? b.deposit : 0n, label: `commit #${a.id}` });
        }
      });
    }
    tx.time = T + 2;
    await tx.flush();
    // 3. The reserve window: sellers open their sealed reserves (or withhold them) with no bid information;
    // a bidder who tries to open inside the window while the reserve is withheld is refused (rule 6).
    for (const a of round) {
      if (a.plan.reserve !== "sealed" || a.plan.cancel) continue;
      if (a.plan.openReserve) {
        tx.call(a.seller, house, H, "revealReserve", [a.id, a.terms, a.plan.sealedAmount, a.plan.sealedSalt], { label: `revealReserve #${a.id}` });
        continue;
      }
      const i = a.plan.bids.findIndex((b) => !b.shill && b.opener === "self" && b.role === "truthful");
      if (i >= 0) {
        const b = a.plan.bids[i];
        tx.call(a.bidders[i], house, H, "reveal", [a.id, a.bidders[i], b.amount, b.salt, b.deposit, BigInt(i + 1)], {
          label: `early reveal #${a.id}`, expectRevert: "no bid opens inside the reserve window (ReserveNotYetOpened)",
        });
      }
    }
    tx.time = commitEnd;
    await tx.flush();
    // 4. Honest openings, by the bidder or the keeper; then 5. the shills below the best bid.
    const openings = new Map<bigint, { bidder: Address; amount: bigint }[]>();
    for (const a of round) {
      const list: { bidder: Address; amount: bigint }[] = [];
      a.plan.bids.forEach((b, i) => {
        if (b.shill || b.opener === "none") return;
        const who = a.bidders[i];
        const from = b.opener === "keeper" ? keeper : who;
        tx.call(from, house, H, "reveal", [a.id, who, b.amount, b.salt, b.deposit, BigInt(i + 1)], { label: `reveal #${a.id}` });
        list.push({ bidder: who, amount: b.amount });
      });
      openings.set(a.id, list);
    }
    tx.time = reserveEnd + 1;
    await tx.flush();
    for (const a of round) {
      const toOpen = new Set(shillsToOpen(a.plan));
      a.plan.bids.forEach((b, i) => {
        if (!toOpen.has(b)) return;
        tx.call(a.bidders[i], house, H, "reveal", [a.id, a.bidders[i], b.amount, b.salt, b.deposit, BigInt(i + 1)], { label: `shill reveal #${a.id}` });
        openings.get(a.id)!.push({ bidder: a.bidders[i], amount: b.amount });
      });
    }
    tx.time = reserveEnd + 2;
    await tx.flush();
    // 6. Settlement by the keeper, with the leader from the shared rules (it delivers); 7. what failed pushes left.
    const outcomes = new Map<bigint, ReturnType<typeof computeOutcome>>();
    for (const a of round) {
      if (a.plan.cancel) continue;
      const outcome = computeOutcome({
        format: a.plan.format, bond: SIM_BOND, floorReserve: a.plan.floor,
        sealedReserve: a.plan.reserve === "sealed" ? { committed: true, opened: a.plan.openReserve ? a.plan.sealedAmount : null } : { committed: false },
        commitments: a.bidders.map((bidder, i) => ({ bidder, order: i + 1, deposit: a.plan.bids[i].deposit })),
        openings: openings.get(a.id)!,
      });
      outcomes.set(a.id, outcome);
      const leader = (() => {
        // settle takes the best valid bid's bidder even when unsold (it is only checked when sold).
        let best: { who: Address; amount: bigint; order: number } | null = null;
        a.plan.bids.forEach((b, i) => {
          const opened = openings.get(a.id)!.some((x) => x.bidder === a.bidders[i]);
          if (!opened || b.amount > b.deposit) return;
          if (best === null || b.amount > best.amount) best = { who: a.bidders[i], amount: b.amount, order: i };
        });
        return (best as { who: Address } | null)?.who ?? ZERO_ADDRESS;
      })();
      tx.call(keeper, house, H, "settle", [a.id, a.terms, leader], { label: `settle #${a.id}` });
    }
    tx.time = revealEnd;
    await tx.flush();
    for (const a of round) if (!a.plan.cancel) claims(a, outcomes.get(a.id)!, openings.get(a.id)!);
    tx.time = revealEnd + 1;
    await tx.flush();
    tx.time = revealEnd + 100;
    live.push(...round);
    const done = first + count;
    const el = (performance.now() - marketStart) / 1000;
    log(`round ${Math.floor(first / roundSize) + 1}: ${done}/${o.auctions} auctions, ${tx.totals.txs} txs, ${(tx.totals.txs / el).toFixed(0)} tx/s`);
    if (tx.unexpected.length > 0) throw new Error(`unexpected transaction results:\n  ${tx.unexpected.slice(0, 10).join("\n  ")}`);
  }

  function claims(a: Live, outcome: ReturnType<typeof computeOutcome>, opened: { bidder: Address; amount: bigint }[]) {
    // Settlement delivered the lot, the standing leader's refund and the proceeds (a displaced leader was refunded
    // by the reveal that displaced it): only what a failed push left behind is claimed here.
    const winnerIndex = outcome.winner === null ? -1 : a.bidders.findIndex((b) => b.toLowerCase() === outcome.winner!.toLowerCase());
    if (winnerIndex >= 0 && a.plan.bids[winnerIndex].role === "griefer-nft") {
      // The contract rejects the NFT, so settlement's push failed and its own claim fails the same way; on even
      // ids it then claims the lot to the keeper (same block, first in first out), which releases the proceeds.
      const winner = a.bidders[winnerIndex];
      tx.call(keeper, winner, A.bidderContract.abi, "claimLot", [a.id, a.terms, winner], {
        label: `claimLot #${a.id} (contract)`, expectRevert: "the griefer contract rejects the NFT it won",
      });
      const claimsElsewhere = a.id % 2n === 0n;
      if (claimsElsewhere) tx.call(keeper, winner, A.bidderContract.abi, "claimLot", [a.id, a.terms, keeper], { label: `claimLot #${a.id} (contract, to the keeper)` });
      if (outcome.sellerProceeds > 0n) {
        tx.call(a.seller, house, H, "withdrawProceeds", [a.id, a.seller], {
          label: `withdrawProceeds #${a.id}`, expectRevert: claimsElsewhere ? undefined : "the lot is still in the house (LotNotDelivered)",
        });
      }
    }
    // Griefers' refunds that failed to push (in a reveal or at settlement) stay claims, never withdrawn; forgetful
    // bidders take back their unopened deposits less the bond.
    const openedSet = new Set(opened.map((x) => x.bidder));
    a.plan.bids.forEach((b, i) => {
      const who = a.bidders[i];
      if (!openedSet.has(who) && b.withdrawUnrevealed && !b.role.startsWith("griefer")) {
        tx.call(who, house, H, "withdrawUnrevealed", [a.id, { commitment: bidCommitment({ chainId, auctionHouse: house, auctionId: a.id }, who, b.amount, b.salt), deposit: b.deposit, order: BigInt(i + 1) }, who], {
          label: `withdrawUnrevealed #${a.id}`,
        });
      }
    });
  }

  const marketSeconds = (performance.now() - marketStart) / 1000;
  await rpc.request({ method: "evm_setAutomine", params: [true] }).catch(() => undefined);

  // The audit: one scan of the house's logs, every auction rebuilt, views read in a few multicalls.
  const auditStart = performance.now();
  const client = createPublicClient({
    chain: { ...hardhat, id: chainId },
    transport: custom({ request: ({ method, params }) => rpc.request({ method, params }) }, { retryCount: 0 }),
  }) as unknown as PublicClient;
  const all = await fetchAllHistories(rpc, { auctionHouse: house, chainId, fromBlock: deployBlock, pageSize: 1000n });
  const histories = [...all.histories.values()];
  const views = await readContractViewsMany(client, histories, all.toBlock, { callsPerMulticall: o.callsPerMulticall }).catch((e: Error & { details?: string; shortMessage?: string }) => {
    throw new Error(`reading the contract's views failed: ${e.shortMessage ?? ""} ${e.details ?? ""} ${e.message.slice(0, 300)}`);
  });
  const cancelledIds = new Set(live.filter((a) => a.plan.cancel).map((a) => a.id));
  let auditMismatches = 0;
  const mismatchSamples: string[] = [];
  const reports = new Map<bigint, AuditReport>();
  for (const h of histories) {
    const r = auditHistory(h, views.get(h.auctionId)!);
    reports.set(h.auctionId, r);
    if (!r.ok || r.status !== (cancelledIds.has(h.auctionId) ? "cancelled" : "settled")) {
      auditMismatches += 1;
      if (mismatchSamples.length < 5) mismatchSamples.push(`#${h.auctionId}: ${r.status}; ${r.differences.slice(0, 3).join(" ")}`);
    }
  }
  if (histories.length !== live.length) {
    auditMismatches += Math.abs(live.length - histories.length);
    mismatchSamples.push(`the logs hold ${histories.length} auctions, the simulation created ${live.length}`);
  }

  // Rule 11 per asset.
  const owed = new Map<string, { owed: bigint; burned: bigint }>();
  const add = (asset: string, o2: bigint, b: bigint) => {
    const cur = owed.get(asset) ?? { owed: 0n, burned: 0n };
    owed.set(asset, { owed: cur.owed + o2, burned: cur.burned + b });
  };
  const nftHeld: bigint[] = [];
  for (const h of histories) {
    const l = liabilitiesOf(h, reports.get(h.auctionId)!);
    add(l.paymentToken.toLowerCase(), l.owed, l.burned);
    if (l.ethOwed !== 0n) add(ZERO_ADDRESS, l.ethOwed, 0n); // ETH a vault sweep set aside in an ERC-20 auction
    if (l.lot?.kind === "erc20") add(l.lot.token.toLowerCase(), l.lot.amountOrId, 0n);
    if (l.lot?.kind === "erc721") nftHeld.push(l.lot.amountOrId);
  }
  for (const t of [ZERO_ADDRESS, token, hostile, fot]) if (!owed.has(t.toLowerCase())) add(t.toLowerCase(), 0n, 0n);
  const balanceCalls = [...owed.keys()].map((asset) =>
    asset === ZERO_ADDRESS ? { method: "eth_getBalance", params: [house, hexOf(all.toBlock)] } : {
      method: "eth_call",
      params: [{ to: asset, data: `0x70a08231${house.slice(2).toLowerCase().padStart(64, "0")}` }, hexOf(all.toBlock)],
    });
  const balances = await rpc.batch(balanceCalls);
  let weiLost = 0n;
  const assets: MarketResult["assets"] = [];
  [...owed.entries()].forEach(([asset, v], i) => {
    const balance = BigInt(balances[i].result as string);
    const diff = balance - (v.owed + v.burned);
    weiLost += diff < 0n ? -diff : diff;
    const name = asset === ZERO_ADDRESS ? "ETH" : asset === token.toLowerCase() ? "SUSD (ERC-20)" : asset === hostile.toLowerCase() ? "HOST (hostile ERC-20)" : asset === fot.toLowerCase() ? "FEE (fee-on-transfer)" : asset;
    assets.push({ asset: name, balance: balance.toString(), owed: v.owed.toString(), burned: v.burned.toString(), difference: diff.toString() });
  });
  // NFTs: the house must own exactly the unclaimed lots.
  const nftCalls = [
    { method: "eth_call", params: [{ to: nft, data: `0x70a08231${house.slice(2).toLowerCase().padStart(64, "0")}` }, hexOf(all.toBlock)] },
    ...nftHeld.map((id) => ({ method: "eth_call", params: [{ to: nft, data: `0x6352211e${id.toString(16).padStart(64, "0")}` }, hexOf(all.toBlock)] })),
  ];
  const nftRes = await rpc.batch(nftCalls);
  const nftBalance = BigInt(nftRes[0].result as string);
  const wrongOwner = nftRes.slice(1).filter((r) => `0x${(r.result as string).slice(26)}`.toLowerCase() !== house.toLowerCase()).length;
  const nftDiff = nftBalance - BigInt(nftHeld.length);
  weiLost += (nftDiff < 0n ? -nftDiff : nftDiff) + BigInt(wrongOwner);
  assets.push({ asset: "LOT (ERC-721, tokens)", balance: nftBalance.toString(), owed: String(nftHeld.length), burned: "0", difference: (nftDiff + BigInt(wrongOwner)).toString() });
  const auditSeconds = (performance.now() - auditStart) / 1000;

  // Seller revenue against the lab's prediction, per (format, reserve, number of active bidders).
  const groups = new Map<string, { format: string; reserve: number; n: number; prices: number[] }>();
  for (const a of live) {
    if (!a.plan.comparable) continue;
    const s = reports.get(a.id)?.settlement;
    if (!s) continue;
    const reserve = Number(a.plan.floor) / Number(VALUE_UNIT);
    const key = `${a.plan.format}|${reserve}|${a.plan.activeBidders}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { format: a.plan.format, reserve, n: a.plan.activeBidders, prices: [] }));
    g.prices.push(Number(s.price) / Number(VALUE_UNIT));
  }
  const revenueGroups: RevenueGroup[] = [];
  let pooledDiff = 0;
  let pooledVar = 0;
  let pooledN = 0;
  let pooledSum = 0;
  let pooledPred = 0;
  for (const g of [...groups.values()].sort((x, y) => x.format.localeCompare(y.format) || x.reserve - y.reserve || x.n - y.n)) {
    if (g.n < 1) continue;
    const n = g.prices.length;
    const mean = g.prices.reduce((s, p) => s + p, 0) / n;
    const sd = n > 1 ? Math.sqrt(g.prices.reduce((s, p) => s + (p - mean) ** 2, 0) / (n - 1)) : 0;
    const predicted = expectedRevenue(g.format as "second-price" | "first-price", o.dist, g.n, g.reserve);
    const half = (1.96 * sd) / Math.sqrt(n);
    pooledDiff += (mean - predicted) * n;
    pooledVar += sd * sd * n;
    pooledN += n;
    pooledSum += mean * n;
    pooledPred += predicted * n;
    if (n >= 10) revenueGroups.push({ format: g.format, reserve: g.reserve, bidders: g.n, auctions: n, mean, predicted, ci95: [mean - half, mean + half], within: Math.abs(mean - predicted) <= half });
  }
  const z = pooledVar > 0 ? pooledDiff / Math.sqrt(pooledVar) : 0;
  const total = (performance.now() - started) / 1000;
  const bids = live.reduce((s, a) => s + a.plan.bids.length, 0);
  return {
    auctions: live.length,
    refusedCreates,
    bids,
    transactions: tx.totals.txs,
    expectedReverts: tx.totals.expectedReverts,
    unexpectedReverts: tx.unexpected,
    roles,
    shillSellers,
    cancelled,
    auditMismatches,
    mismatchSamples,
    weiLost,
    assets,
    revenue: {
      groups: revenueGroups,
      pooled: { auctions: pooledN, mean: pooledN ? pooledSum / pooledN : 0, predicted: pooledN ? pooledPred / pooledN : 0, z, within: Math.abs(z) <= 1.96 },
    },
    seconds: { total, setup: setupSeconds, market: marketSeconds, audit: auditSeconds },
    throughput: { txPerSecond: tx.totals.txs / marketSeconds, bidsPerSecond: bids / marketSeconds, auctionsPerSecond: live.length / marketSeconds },
    logs: all.logCount,
  };
}
