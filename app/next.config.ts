import { createRequire } from "node:module";
import type { NextConfig } from "next";

const require = createRequire(import.meta.url);
/** WalletConnect is offered only when its optional provider package is installed and a project id is set. */
function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
const walletConnectInstalled = installed("@walletconnect/ethereum-provider");

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // `npm run e2e` builds into its own directory so it never clobbers a running `npm start`.
  distDir: process.env.APP_DIST_DIR || ".next",
  // The app imports the shared rules from the repository's lib/ (outside this workspace).
  experimental: { externalDir: true },
  env: { NEXT_PUBLIC_WALLETCONNECT_INSTALLED: walletConnectInstalled ? "1" : "" },
  poweredByHeader: false,
  webpack(config) {
    // lib/ is Node ESM TypeScript: it imports "./auction.js" meaning ./auction.ts.
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] };
    if (!walletConnectInstalled) {
      // wagmi's WalletConnect connector imports this optional peer lazily; resolve it to nothing when absent.
      config.resolve.alias = { ...config.resolve.alias, "@walletconnect/ethereum-provider": false };
    }
    return config;
  },
};

export default nextConfig;
