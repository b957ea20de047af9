/**
 * The app's chains and deployments, fixed at build time: public env (NEXT_PUBLIC_LOCAL_RPC_URL,
 * NEXT_PUBLIC_TESTNET_RPC_URL, NEXT_PUBLIC_TESTNET_CHAIN_ID) and the generated module written from
 * deployments/*.json by scripts/export-app-config.ts. Addresses never come from anywhere else.
 */
import type { Chain } from "viem";
import type { BeaconConfig } from "../../../lib/timelock.js";
import { deployments, localDemo, type DeploymentRecord } from "../generated/config";
import { LOCAL_CHAIN_ID, selectChains } from "../core/chains";

export { LOCAL_CHAIN_ID };

/** Local chain first (the default), then the testnet if configured and deployed. */
export const appChains: readonly [Chain, ...Chain[]] = selectChains(
  deployments.map((d) => d.chainId),
  {
    localRpcUrl: process.env.NEXT_PUBLIC_LOCAL_RPC_URL,
    testnetRpcUrl: process.env.NEXT_PUBLIC_TESTNET_RPC_URL,
    testnetChainId: process.env.NEXT_PUBLIC_TESTNET_CHAIN_ID,
  },
);

export const localChain = appChains[0];

export function chainById(id: number | undefined): Chain | undefined {
  return appChains.find((c) => c.id === id);
}

export function deploymentFor(chainId: number | undefined): DeploymentRecord | null {
  return deployments.find((d) => d.chainId === chainId) ?? null;
}

/** The drand beacon self-opening bids on this chain are sealed to (lib/timelock.ts), from the deployment record. */
export function beaconFor(chainId: number | undefined): BeaconConfig | null {
  return deploymentFor(chainId)?.beacon ?? null;
}

export function isLocal(chainId: number | undefined): boolean {
  return chainId === LOCAL_CHAIN_ID;
}

export function demoFor(chainId: number | undefined) {
  return localDemo && localDemo.chainId === chainId ? localDemo : null;
}

/** The chain pages read when no wallet (or a wallet on an unsupported chain) decides it. */
export const defaultChainId: number = (appChains.find((c) => deploymentFor(c.id)) ?? appChains[0]).id;
