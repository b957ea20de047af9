"use client";
import { useSyncExternalStore } from "react";
import { memoryStore, storageStore } from "@/core/kv";
import { SecretVault } from "@/core/secrets";

/**
 * The browser's secret vault (localStorage: durable across closed tabs and restarts, per origin), with a
 * version number that changes on every write — here or in another tab — so components re-render.
 */
let vault: SecretVault | null = null;
let version = 0;
const listeners = new Set<() => void>();
const notify = () => {
  version += 1;
  for (const l of listeners) l();
};

function browserVault(): SecretVault {
  if (vault) return vault;
  const store = storageStore(window.localStorage);
  // Wrap writes so every save re-renders subscribers.
  const notifying = { ...store, set: (k: string, v: string) => { store.set(k, v); notify(); } };
  vault = new SecretVault(notifying);
  window.addEventListener("storage", (e) => { if (e.key === null || e.key.startsWith("credible-auction/")) notify(); });
  // Ask the browser not to evict our storage under pressure (best effort; may be denied silently).
  void navigator.storage?.persist?.().catch(() => {});
  return vault;
}

const serverVault = new SecretVault(memoryStore());

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useSecrets(): { vault: SecretVault; version: number } {
  const v = useSyncExternalStore(subscribe, () => version, () => -1);
  return { vault: v === -1 ? serverVault : browserVault(), version: v };
}
