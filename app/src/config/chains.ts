/**
 * Which chains the app works on: the local Hardhat chain (31337) always, and one testnet when both its RPC
 * URL (NEXT_PUBLIC_TESTNET_RPC_URL) and a deployment record (deployments/<chainId>.json, exported into
 * src/generated/config.ts) exist. Addresses and deploy blocks come only from the generated module.
 */
import { defineChain, type Chain } from "viem";
import { arbitrumSepolia, baseSepolia, hardhat, holesky, optimismSepolia, sepolia } from "viem/chains";
import { deployments, localDemo, type DeploymentRecord } from "../generated/config";

export const LOCAL_CHAIN_ID = hardhat.id; // 31337 (viem's `localhost` chain is 1337: not ours)
export const LOCAL_RPC_URL = process.env.NEXT_PUBLIC_LOCAL_RPC_URL || "http://127.0.0.1:8545";
const TESTNET_RPC_URL = process.env.NEXT_PUBLIC_TESTNET_RPC_URL || "";
const TESTNET_CHAIN_ID = Number(process.env.NEXT_PUBLIC_TESTNET_CHAIN_ID || sepolia.id);

const KNOWN_TESTNETS: Record<number, Chain> = Object.fromEntries(
  [sepolia, holesky, baseSepolia, optimismSepolia, arbitrumSepolia].map((c) => [c.id, c]),
);

export const localChain: Chain = {
  ...hardhat,
  name: "Hardhat local",
  rpcUrls: { default: { http: [LOCAL_RPC_URL] } },
};

function testnet(): Chain | null {
  if (!TESTNET_RPC_URL) return null;
  if (!deployments.some((d) => d.chainId === TESTNET_CHAIN_ID)) return null;
  const base = KNOWN_TESTNETS[TESTNET_CHAIN_ID] ??
    defineChain({ id: TESTNET_CHAIN_ID, name: `Chain ${TESTNET_CHAIN_ID}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [TESTNET_RPC_URL] } } });
  return { ...base, rpcUrls: { default: { http: [TESTNET_RPC_URL] } } };
}

const configuredTestnet = testnet();

/** Local chain first (the default), then the testnet if configured. */
export const appChains: readonly [Chain, ...Chain[]] = configuredTestnet ? [localChain, configuredTestnet] : [localChain];

export function chainById(id: number | undefined): Chain | undefined {
  return appChains.find((c) => c.id === id);
}

export function deploymentFor(chainId: number | undefined): DeploymentRecord | null {
  return deployments.find((d) => d.chainId === chainId) ?? null;
}

export function isLocal(chainId: number | undefined): boolean {
  return chainId === LOCAL_CHAIN_ID;
}

export function demoFor(chainId: number | undefined) {
  return localDemo && localDemo.chainId === chainId ? localDemo : null;
}

/** The chain pages read when no wallet (or a wallet on an unsupported chain) decides it. */
export const defaultChainId: number = (appChains.find((c) => deploymentFor(c.id)) ?? appChains[0]).id;
