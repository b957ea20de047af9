/**
 * Turns whatever a simulation, a wallet or an RPC throws into one plain sentence. A user rejection is its own
 * kind, not an error: the UI says "cancelled" and moves on. Contract custom errors are decoded by name with
 * their arguments and explained by the shared sentence table (lib/errors.ts), passed in as `explain`.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  InsufficientFundsError,
  UserRejectedRequestError,
  ChainMismatchError,
} from "viem";

export type TxProblem =
  | { kind: "rejected"; message: string }
  | { kind: "revert"; errorName: string; args: readonly unknown[]; message: string }
  | { kind: "error"; message: string };

/** Custom error name and decoded arguments → sentence; returns undefined for names it does not know. */
export type ErrorExplainer = (errorName: string, args: readonly unknown[]) => string | undefined;

const REJECTION_CODES = new Set([4001, 5000]); // EIP-1193 user rejected; WalletConnect user rejected

function isRejection(e: unknown): boolean {
  if (!e || typeof e !== "object") return false;
  const any = e as { code?: unknown; name?: unknown; message?: unknown };
  if (e instanceof UserRejectedRequestError) return true;
  if (typeof any.code === "number" && REJECTION_CODES.has(any.code)) return true;
  if (any.name === "UserRejectedRequestError") return true;
  return typeof any.message === "string" && /user (rejected|denied|cancell?ed)/i.test(any.message);
}

function formatArg(a: unknown): string {
  if (typeof a === "bigint") return a.toString();
  if (typeof a === "string") return a;
  return JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

export function describeTxError(err: unknown, explain?: ErrorExplainer): TxProblem {
  if (isRejection(err)) return { kind: "rejected", message: "You cancelled the request in your wallet. Nothing was sent." };
  if (err instanceof BaseError) {
    if (err.walk(isRejection)) return { kind: "rejected", message: "You cancelled the request in your wallet. Nothing was sent." };
    const revert = err.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
    if (revert) {
      const name = revert.data?.errorName;
      const args = (revert.data?.args ?? []) as readonly unknown[];
      if (name && name !== "Error" && name !== "Panic") {
        const sentence = explain?.(name, args) ?? `The contract refused the call: ${name}(${args.map(formatArg).join(", ")}).`;
        return { kind: "revert", errorName: name, args, message: sentence };
      }
      if (revert.reason) return { kind: "revert", errorName: name ?? "Error", args, message: `The contract refused the call: ${revert.reason}.` };
      if (revert.signature) {
        return { kind: "revert", errorName: revert.signature, args: [], message: `The contract refused the call with an error this app does not know (${revert.signature}).` };
      }
      return { kind: "revert", errorName: "unknown", args: [], message: "The contract refused the call without giving a reason." };
    }
    if (err.walk((e) => e instanceof InsufficientFundsError)) {
      return { kind: "error", message: "Your account does not hold enough ETH for this transaction and its gas." };
    }
    if (err.walk((e) => e instanceof ChainMismatchError || (e as Error).name === "ConnectorChainMismatchError")) {
      return { kind: "error", message: "Your wallet is on a different network than this page. Switch networks and try again." };
    }
    const http = err.walk((e) => e instanceof HttpRequestError) as HttpRequestError | null;
    if (http) return { kind: "error", message: `The chain's RPC endpoint could not be reached (${http.url}). Is the node running?` };
    return { kind: "error", message: err.shortMessage || err.message };
  }
  if (err instanceof Error) return { kind: "error", message: err.message };
  return { kind: "error", message: String(err) };
}
