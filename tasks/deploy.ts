/**
 * auction:deploy — deploys the AuctionHouse through its Ignition module and records the address and the
 * deploy block in deployments/<chainId>.json, where the other tasks, the auditor and the app find it.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress, type Address, type Hex, type PublicClient } from "viem";
import AuctionHouseModule from "../ignition/modules/AuctionHouse.js";
import { beaconFor, DEPLOYMENTS_DIR, writeDeployment, type Deployment } from "../lib/deployments.js";
import { action, CliError, getConnection, out } from "./common.js";

interface Args {
  deployments: string;
  deploymentId: string;
}

/** The deploy transaction from Ignition's journal (http networks keep one on disk). */
function fromJournal(dir: string, address: Address): { hash: Hex; blockNumber: bigint } | null {
  const path = join(dir, "journal.jsonl");
  if (!existsSync(path)) return null;
  for (const line of readFileSync(path, "utf8").split("\n").reverse()) {
    if (!line.includes("TRANSACTION_CONFIRM")) continue;
    try {
      const m = JSON.parse(line);
      const r = m.receipt;
      if (r?.contractAddress && getAddress(r.contractAddress) === address) {
        return { hash: m.hash as Hex, blockNumber: BigInt(r.blockNumber) };
      }
    } catch {
      /* skip a malformed line */
    }
  }
  return null;
}

/** First block with code at `address` (binary search on eth_getCode; needs historical state). */
export async function firstBlockWithCode(client: PublicClient, address: Address, low: bigint, high: bigint): Promise<bigint> {
  while (low < high) {
    const mid = (low + high) / 2n;
    const code = await client.getCode({ address, blockNumber: mid });
    if (code && code !== "0x") high = mid;
    else low = mid + 1n;
  }
  return low;
}

export async function deployTxIn(client: PublicClient, blockNumber: bigint, address: Address): Promise<Hex | undefined> {
  const block = await client.getBlock({ blockNumber, includeTransactions: true });
  for (const tx of block.transactions) {
    if (tx.to !== null) continue;
    const r = await client.getTransactionReceipt({ hash: tx.hash });
    if (r.contractAddress && getAddress(r.contractAddress) === address) return tx.hash;
  }
  return undefined;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const conn = await getConnection(hre);
  const client = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const chainId = await client.getChainId();
  const [deployer] = await conn.viem.getWalletClients();
  if (!deployer) throw new CliError(`network ${conn.networkName} has no account to deploy from (set SEPOLIA_PRIVATE_KEY, see docs/CLI.md)`);
  const balance = await client.getBalance({ address: deployer.account.address });
  if (balance === 0n) throw new CliError(`the deployer ${deployer.account.address} has no ETH on chain ${chainId}`);

  const before = await client.getBlockNumber();
  const deploymentId = args.deploymentId.trim() || undefined;
  out(`Deploying AuctionHouse to ${conn.networkName} (chain ${chainId}) from ${deployer.account.address}…`);
  const { auctionHouse } = await conn.ignition.deploy(AuctionHouseModule, { deploymentId, displayUi: false });
  const address = getAddress(await auctionHouse.getAddress());

  const journalDir = join(hre.config.paths.ignition, "deployments", deploymentId ?? `chain-${chainId}`);
  let found = conn.networkConfig.type === "edr-simulated" ? null : fromJournal(journalDir, address);
  let deployTx: Hex | undefined = found?.hash;
  let deployBlock: bigint;
  if (found) deployBlock = found.blockNumber;
  else {
    const latest = await client.getBlockNumber();
    try {
      deployBlock = await firstBlockWithCode(client, address, 0n, latest);
      deployTx = await deployTxIn(client, deployBlock, address);
    } catch {
      // A node without historical state: the contract cannot be older than this deployment run.
      deployBlock = before + 1n;
    }
  }
  const dir = args.deployments.trim() || DEPLOYMENTS_DIR;
  // Self-opening bids on this house are sealed to this beacon (a redeploy keeps the one recorded).
  const beacon = beaconFor(chainId, dir);
  const record: Deployment = { chainId, auctionHouse: address, deployBlock: Number(deployBlock), ...(deployTx ? { deployTx } : {}), beacon };
  const path = writeDeployment(record, dir);
  out(`AuctionHouse ${address} deployed at block ${deployBlock}${deployTx ? ` (tx ${deployTx})` : ""}`);
  out(`Self-opening bids are sealed to the drand beacon ${beacon.url}/${beacon.chainHash}`);
  out(`Recorded in ${path}`);
  return record;
});
