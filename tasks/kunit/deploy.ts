/**
 * kunit:deploy — deploys the KUnitAuctionHouse through its Ignition module and adds it to the chain's deployment
 * record (deployments/<chainId>.json) as `kunitHouse` and `kunitDeployBlock`, keeping the record's other fields.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { getAddress, type PublicClient } from "viem";
import KUnitAuctionHouseModule from "../../ignition/modules/KUnitAuctionHouse.js";
import { DEPLOYMENTS_DIR, readDeployment, writeDeployment } from "../../lib/deployments.js";
import { action, CliError, getConnection, out } from "../common.js";
import { deployTxIn, firstBlockWithCode } from "../deploy.js";

interface Args {
  deployments: string;
  deploymentId: string;
}

export default action(async (args: Args, hre: HardhatRuntimeEnvironment) => {
  const conn = await getConnection(hre);
  const client = (await conn.viem.getPublicClient()) as unknown as PublicClient;
  const chainId = await client.getChainId();
  const dir = args.deployments.trim() || DEPLOYMENTS_DIR;
  const record = readDeployment(chainId, dir);
  if (!record) throw new CliError(`no deployment record for chain ${chainId} in ${dir}: run auction:deploy first (the k-unit house is added to its record)`);
  const [deployer] = await conn.viem.getWalletClients();
  if (!deployer) throw new CliError(`network ${conn.networkName} has no account to deploy from (see docs/CLI.md)`);
  const before = await client.getBlockNumber();
  out(`Deploying KUnitAuctionHouse to ${conn.networkName} (chain ${chainId}) from ${deployer.account.address}…`);
  const deploymentId = args.deploymentId.trim() || undefined;
  const { kunitHouse } = await conn.ignition.deploy(KUnitAuctionHouseModule, { deploymentId, displayUi: false });
  const address = getAddress(await kunitHouse.getAddress());
  let deployBlock: bigint;
  let deployTx: string | undefined;
  try {
    deployBlock = await firstBlockWithCode(client, address, 0n, await client.getBlockNumber());
    deployTx = await deployTxIn(client, deployBlock, address);
  } catch {
    deployBlock = before + 1n;
  }
  const path = writeDeployment({ ...record, kunitHouse: address, kunitDeployBlock: Number(deployBlock) }, dir);
  out(`KUnitAuctionHouse ${address} deployed at block ${deployBlock}${deployTx ? ` (tx ${deployTx})` : ""}`);
  out(`Recorded in ${path} as kunitHouse`);
  return { chainId, kunitHouse: address, kunitDeployBlock: Number(deployBlock) };
});
