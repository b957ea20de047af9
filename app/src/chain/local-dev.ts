/**
 * Local chain only (31337): a faucet paying from a dev account the node holds unlocked, and time travel.
 * These go straight to the node's JSON-RPC, never through the wallet, and are never offered elsewhere.
 */
import { encodeFunctionData, numberToHex, parseEther, type Address, type Hex, type PublicClient } from "viem";
import { demoErc1155MintAbi, demoNftMintAbi, demoTokenMintAbi } from "../generated/config";
import { LOCAL_CHAIN_ID } from "../config/chains";

type Demo = { nft: Address; token: Address; faucet: Address; tokenDecimals: number; erc1155?: Address; erc1155Id?: string };

async function raw(client: PublicClient, method: string, params: unknown[]): Promise<unknown> {
  if (client.chain?.id !== LOCAL_CHAIN_ID) throw new Error("development controls exist only on the local chain");
  return client.request({ method, params } as never);
}

async function sendFromDev(client: PublicClient, tx: { from: Address; to: Address; value?: bigint; data?: Hex }) {
  const hash = (await raw(client, "eth_sendTransaction", [{ from: tx.from, to: tx.to, value: tx.value ? numberToHex(tx.value) : undefined, data: tx.data }])) as Hex;
  await client.waitForTransactionReceipt({ hash, pollingInterval: 200 });
}

/** 10 ETH, 1,000 demo dollars, a fresh demo NFT and 5 copies of the demo ERC-1155 id (units for k-unit auctions) for `to`; returns the NFT's token id. */
export async function faucet(client: PublicClient, demo: Demo, to: Address): Promise<bigint> {
  const tokenId = 1_000_000n + BigInt(Math.floor(Math.random() * 1_000_000_000));
  await sendFromDev(client, { from: demo.faucet, to, value: parseEther("10") });
  await sendFromDev(client, { from: demo.faucet, to: demo.token, data: encodeFunctionData({ abi: demoTokenMintAbi, functionName: "mint", args: [to, 1000n * 10n ** BigInt(demo.tokenDecimals)] }) });
  await sendFromDev(client, { from: demo.faucet, to: demo.nft, data: encodeFunctionData({ abi: demoNftMintAbi, functionName: "mint", args: [to, tokenId] }) });
  if (demo.erc1155 && demo.erc1155Id) {
    await sendFromDev(client, { from: demo.faucet, to: demo.erc1155, data: encodeFunctionData({ abi: demoErc1155MintAbi, functionName: "mint", args: [to, BigInt(demo.erc1155Id), 5n] }) });
  }
  return tokenId;
}

/** Moves chain time forward and mines a block carrying the new time. */
export async function advanceTime(client: PublicClient, seconds: number): Promise<void> {
  if (seconds > 0) await raw(client, "evm_increaseTime", [Math.ceil(seconds)]);
  await raw(client, "evm_mine", []);
}
