"use client";
import { useConnection } from "wagmi";
import { chainById, defaultChainId, deploymentFor, isLocal } from "@/config/chains";

/**
 * The chain pages read and transact on: the wallet's chain when the app supports it, else the default
 * chain. `wrongNetwork` is true when a connected wallet sits on a chain the app does not support (or that
 * has no deployment): every transaction is blocked with a switch prompt until it moves.
 */
export function useAppChain() {
  const { address, chainId: walletChainId, status, connector } = useConnection();
  const connected = status === "connected" && address !== undefined;
  const walletSupported = walletChainId !== undefined && chainById(walletChainId) !== undefined && deploymentFor(walletChainId) !== null;
  const chainId = connected && walletSupported ? walletChainId! : defaultChainId;
  const chain = chainById(chainId)!;
  return {
    chainId,
    chain,
    deployment: deploymentFor(chainId),
    local: isLocal(chainId),
    account: connected ? address : undefined,
    connected,
    connector,
    walletChainId: connected ? walletChainId : undefined,
    wrongNetwork: connected && !walletSupported,
  };
}
