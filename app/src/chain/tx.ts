/**
 * The one transaction pipeline (scaffold-eth's "transactor"): simulate with the sender as `from` (so a revert
 * is explained before any wallet prompt), run a last local step (e.g. saving a bid secret), ask the wallet,
 * then wait for the receipt. Stages are reported as they happen. Plain actions over a wagmi config.
 */
import { call as simulateCall, sendTransaction, simulateContract, waitForTransactionReceipt, writeContract } from "wagmi/actions";
import type { Abi, Address, Hex } from "viem";
import type { Config } from "wagmi";

export type TxStage = "idle" | "simulating" | "wallet" | "pending" | "confirmed" | "failed" | "rejected";

export interface ContractCall {
  address: Address;
  abi: Abi;
  functionName: string;
  args?: readonly unknown[];
  value?: bigint;
}

/** A plain transfer of ETH (funding a hidden deposit's vault: it has no code and no ABI). */
export interface ValueTransfer {
  to: Address;
  value: bigint;
}

export interface TxRun {
  config: Config;
  chainId: number;
  account: Address;
  call: ContractCall | ValueTransfer;
  /** Runs after a successful simulation and before the wallet prompt; throwing aborts with nothing sent. */
  beforePrompt?: () => void | Promise<void>;
  onStage: (stage: TxStage, hash?: Hex) => void;
}

export class TxRevertedError extends Error {
  override name = "TxRevertedError";
}

export async function runContractTx(r: TxRun): Promise<Hex> {
  r.onStage("simulating");
  let hash: Hex;
  if ("to" in r.call) {
    const transfer = { to: r.call.to, value: r.call.value, account: r.account, chainId: r.chainId };
    await simulateCall(r.config, transfer);
    await r.beforePrompt?.();
    r.onStage("wallet");
    hash = await sendTransaction(r.config, transfer);
  } else {
    const { request } = await simulateContract(r.config, { ...r.call, account: r.account, chainId: r.chainId } as never);
    await r.beforePrompt?.();
    r.onStage("wallet");
    hash = await writeContract(r.config, request as never);
  }
  r.onStage("pending", hash);
  const receipt = await waitForTransactionReceipt(r.config, { hash, chainId: r.chainId, pollingInterval: 500 });
  if (receipt.status !== "success") throw new TxRevertedError(`The transaction ${hash} was mined but reverted.`);
  r.onStage("confirmed", hash);
  return hash;
}
