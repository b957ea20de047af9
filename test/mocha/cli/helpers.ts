/**
 * Shared set-up for the CLI tests: a chain of the suite's own (injected into the tasks), a temporary
 * directory for deployment records and receipts, token contracts, and `run(task, args)` which runs a task
 * in process and captures what it prints.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre, { network } from "hardhat";
import { getAddress, type Address } from "viem";
import { setIo, useConnection, type Connection, type TaskFailure } from "../../../tasks/common.js";

export interface TaskRun<T = any> {
  success: boolean;
  value: T;
  error: TaskFailure | undefined;
  out: string;
  err: string;
}

export async function run<T = any>(name: string, args: Record<string, unknown> = {}): Promise<TaskRun<T>> {
  const out: string[] = [];
  const err: string[] = [];
  const restore = setIo({ out: (l) => out.push(l), err: (l) => err.push(l) });
  try {
    const r = (await hre.tasks.getTask(name).run(args)) as { success: boolean; value?: T; error?: TaskFailure };
    return { success: r.success, value: r.value as T, error: r.error, out: out.join("\n"), err: err.join("\n") };
  } finally {
    restore();
  }
}

export async function cliFixture() {
  const conn = (await network.create()) as unknown as Connection & Awaited<ReturnType<typeof network.create>>;
  const restoreConnection = useConnection(conn as unknown as Connection);
  const dir = mkdtempSync(join(tmpdir(), "auction-cli-"));
  const common = { deployments: dir };
  const deployed = await run("auction:deploy", common);
  if (!deployed.success) throw new Error(`deploy failed: ${deployed.error?.message}`);
  const house = deployed.value.auctionHouse as Address;
  const { viem, networkHelpers } = conn;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const accounts = wallets.map((w) => getAddress(w.account.address));
  const nft = await viem.deployContract("MockERC721", ["Lot", "LOT"]);
  const payToken = await viem.deployContract("MockERC20", ["Pay", "PAY"]);
  const lotToken = await viem.deployContract("MockERC20", ["Lot Token", "LTK"]);
  for (const a of accounts.slice(0, 8)) await payToken.write.mint([a, 10n ** 24n]);
  await lotToken.write.mint([accounts[0], 10n ** 24n]);
  for (let id = 1n; id <= 20n; id++) await nft.write.mint([accounts[0], id]);

  /** Everything that could have sent a transaction leaves the block number unchanged (automine). */
  const blockNumber = () => publicClient.getBlockNumber();
  return {
    conn, viem, networkHelpers, publicClient, wallets, accounts, house, dir, common, nft, payToken, lotToken, blockNumber,
    path: (name: string) => join(dir, name),
    /** Moves chain time forward and mines a block. */
    increase: (seconds: number) => networkHelpers.time.increase(seconds),
    close: () => restoreConnection(),
  };
}

export type CliFixture = Awaited<ReturnType<typeof cliFixture>>;
