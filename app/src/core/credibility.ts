/**
 * Credibility facts read from the contract's ABI: which functions change state, and whether any looks like
 * a privileged power (owner, admin, pause, upgrade, fee, rescue…). The ABI is what the deployed code
 * answers to, so an app can show this without trusting anyone's word.
 */
import type { Abi } from "viem";

const PRIVILEGED = /owner|admin|pause|upgrade|proxy|implementation|fee|rescue|sweep|skim|emergency|selfdestruct|kill|grantRole|revokeRole|whitelist|allowlist|blacklist|blocklist|mint|burn|migrat|govern/i;
/** Setters (setFee, setOwner…): case-sensitive, so that e.g. "settle" is not one. */
const SETTER = /^set[A-Z_]/;

export interface AbiFacts {
  /** Functions that can change state (nonpayable or payable), by name. */
  stateChanging: string[];
  payable: string[];
  views: string[];
  events: string[];
  errors: string[];
  /** State-changing functions, events or views whose names suggest a privileged power. */
  privileged: string[];
}

export function abiFacts(abi: Abi): AbiFacts {
  const fns = abi.filter((i): i is Extract<Abi[number], { type: "function" }> => i.type === "function");
  const stateChanging = fns.filter((f) => f.stateMutability === "nonpayable" || f.stateMutability === "payable").map((f) => f.name);
  const names = [
    ...fns.map((f) => f.name),
    ...abi.filter((i) => i.type === "event").map((e) => (e as { name: string }).name),
  ];
  return {
    stateChanging,
    payable: fns.filter((f) => f.stateMutability === "payable").map((f) => f.name),
    views: fns.filter((f) => f.stateMutability === "view" || f.stateMutability === "pure").map((f) => f.name),
    events: abi.filter((i) => i.type === "event").map((e) => (e as { name: string }).name),
    errors: abi.filter((i) => i.type === "error").map((e) => (e as { name: string }).name),
    privileged: [...new Set(names.filter((n) => PRIVILEGED.test(n) || SETTER.test(n)))],
  };
}
