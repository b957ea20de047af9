/**
 * wagmi configuration. Injected wallets are discovered through EIP-6963 (wagmi's default
 * multiInjectedProviderDiscovery), each with its own name and icon; a generic injected connector covers
 * wallets that only set window.ethereum. WalletConnect is added only with a project id and its package.
 */
import { cookieStorage, createConfig, createStorage, http, injected, type CreateConnectorFn, type Transport } from "wagmi";
import { walletConnect } from "wagmi/connectors/walletConnect";
import { appChains, isLocal } from "./chains";

const projectId = process.env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || "";
export const walletConnectEnabled = Boolean(projectId && process.env.NEXT_PUBLIC_WALLETCONNECT_INSTALLED);

export function makeWagmiConfig() {
  const connectors: CreateConnectorFn[] = [injected()];
  if (walletConnectEnabled) {
    connectors.push(walletConnect({ projectId, showQrModal: true, metadata: { name: "Credible Auctions", description: "Sealed-bid auctions", url: "http://127.0.0.1:3000", icons: [] } }));
  }
  const transports = Object.fromEntries(
    appChains.map((c) => [c.id, http(c.rpcUrls.default.http[0], { batch: true })]),
  ) as Record<number, Transport>;
  return createConfig({
    chains: appChains,
    connectors,
    transports,
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
    // A local chain mines on demand; poll it quickly so the UI follows each block.
    pollingInterval: appChains.every((c) => isLocal(c.id)) ? 1_000 : 4_000,
  });
}

declare module "wagmi" {
  interface Register {
    config: ReturnType<typeof makeWagmiConfig>;
  }
}
