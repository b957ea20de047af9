/**
 * Which chains the app offers, from the build's public environment and the deployment records: the local
 * Hardhat chain (31337) always; one testnet only when both its RPC URL and a deployment record exist.
 * Explorer links come from viem's chain definitions (the local chain has none).
 */
import { defineChain, type Chain } from "viem";
import { arbitrumSepolia, baseSepolia, hardhat, holesky, optimismSepolia, sepolia } from "viem/chains";

export const LOCAL_CHAIN_ID = hardhat.id; // 31337 (viem's `localhost` chain is 1337: not ours)

const KNOWN_TESTNETS: Record<number, Chain> = Object.fromEntries(
  [sepolia, holesky, baseSepolia, optimismSepolia, arbitrumSepolia].map((c) => [c.id, c]),
);

export interface ChainEnv {
  localRpcUrl?: string;
  testnetRpcUrl?: string;
  testnetChainId?: string | number;
}

export function selectChains(deployedChainIds: readonly number[], env: ChainEnv): readonly [Chain, ...Chain[]] {
  const local: Chain = { ...hardhat, name: "Hardhat local", rpcUrls: { default: { http: [env.localRpcUrl || "http://127.0.0.1:8545"] } } };
  const id = Number(env.testnetChainId || sepolia.id);
  if (!env.testnetRpcUrl || !Number.isSafeInteger(id) || id === LOCAL_CHAIN_ID || !deployedChainIds.includes(id)) return [local];
  const base = KNOWN_TESTNETS[id] ??
    defineChain({ id, name: `Chain ${id}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [env.testnetRpcUrl] } } });
  return [local, { ...base, rpcUrls: { default: { http: [env.testnetRpcUrl] } } }];
}
