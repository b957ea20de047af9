/** The injected test wallet (EIP-1193 + EIP-6963) each browser profile gets; never part of the app. */
import type { Address } from "viem";

const WALLET_ICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#6b3fa0"/><text x="16" y="21" font-size="13" text-anchor="middle" fill="#fff" font-family="sans-serif">E2E</text></svg>')}`;

/**
 * An EIP-1193 provider announced through EIP-6963. It answers eth_accounts with [] until eth_requestAccounts
 * (else wagmi would auto-connect mid-click), keeps its connection and chain in localStorage (so a reload
 * reconnects like a real wallet), supports wallet_switchEthereumChain to 31337, and forwards every other
 * call to the node through a Playwright binding, where the harness counts transactions.
 */
export function walletScript(account: Address, chainId: number): string {
  return `(() => {
  const cfg = { account: ${JSON.stringify(account)}, chainId: ${chainId} };
  const KEY = "e2e-wallet";
  const load = () => { try { return JSON.parse(localStorage.getItem(KEY)) || { connected: false, chainId: cfg.chainId }; } catch { return { connected: false, chainId: cfg.chainId }; } };
  const save = (s) => localStorage.setItem(KEY, JSON.stringify(s));
  const listeners = {};
  const emit = (ev, arg) => (listeners[ev] || []).slice().forEach((f) => { try { f(arg); } catch (e) { console.error(e); } });
  const err = (message, code) => Object.assign(new Error(message), { code });
  const provider = {
    isE2EWallet: true,
    async request({ method, params }) {
      const s = load();
      switch (method) {
        case "eth_requestAccounts": s.connected = true; save(s); emit("connect", { chainId: "0x" + s.chainId.toString(16) }); emit("accountsChanged", [cfg.account]); return [cfg.account];
        case "eth_accounts": return s.connected ? [cfg.account] : [];
        case "eth_chainId": return "0x" + s.chainId.toString(16);
        case "net_version": return String(s.chainId);
        case "wallet_requestPermissions": s.connected = true; save(s); return [{ parentCapability: "eth_accounts" }];
        case "wallet_getPermissions": return s.connected ? [{ parentCapability: "eth_accounts" }] : [];
        case "wallet_revokePermissions": s.connected = false; save(s); emit("accountsChanged", []); return null;
        case "wallet_switchEthereumChain": {
          const id = parseInt(params[0].chainId, 16);
          if (id !== 31337 && id !== 1) throw err("Unrecognized chain " + id, 4902);
          s.chainId = id; save(s); emit("chainChanged", "0x" + id.toString(16)); return null;
        }
        case "wallet_addEthereumChain": return null;
      }
      const signing = method === "eth_sendTransaction" || method.startsWith("eth_sign") || method === "personal_sign";
      if (signing && !s.connected) throw err("The wallet is not connected", 4100);
      if (signing && localStorage.getItem("e2e-reject-next")) {
        localStorage.removeItem("e2e-reject-next");
        throw err("User rejected the request.", 4001);
      }
      const reply = JSON.parse(await window.__e2eRpc(JSON.stringify({ method, params: params || [], chainId: s.chainId })));
      if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code, data: reply.error.data });
      return reply.result;
    },
    on(ev, f) { (listeners[ev] = listeners[ev] || []).push(f); return provider; },
    removeListener(ev, f) { listeners[ev] = (listeners[ev] || []).filter((x) => x !== f); return provider; },
  };
  const info = Object.freeze({ uuid: "7a0e8b54-3d1c-4f4e-9f0a-e2e000000001", name: "E2E Wallet", icon: ${JSON.stringify(WALLET_ICON)}, rdns: "org.credible-auction.e2e" });
  const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
})();`;
}
