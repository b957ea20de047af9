/**
 * Whether the chain's RPC answers, as the pages need to know it: while it does not, numbers read earlier may be
 * stale, so pages show "RPC unavailable — retrying" instead of them. Pure: the hook feeds it the last probe.
 */
export interface RpcProbe {
  /** The last probe failed (the node did not answer, or answered with an error). */
  failed: boolean;
  /** Its error, when it failed. */
  error?: unknown;
  /** Consecutive failed probes. */
  failures: number;
}

export interface RpcHealth {
  up: boolean;
  /** One sentence for the banner, null while the RPC answers. */
  message: string | null;
}

/** Why a probe failed, in a few words (the first line of the error, without a stack or request body). */
export function probeReason(error: unknown): string {
  const text = error instanceof Error ? (error as Error & { shortMessage?: string }).shortMessage ?? error.message : String(error ?? "");
  const line = text.split("\n")[0].trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

/** Down after one failed probe: a single failure already means the numbers on screen cannot be refreshed. */
export function rpcHealth(p: RpcProbe, rpcName: string): RpcHealth {
  if (!p.failed) return { up: true, message: null };
  const reason = probeReason(p.error);
  return {
    up: false,
    message:
      `RPC unavailable — retrying. ${rpcName} does not answer${reason ? ` (${reason})` : ""}; ` +
      `the app hides what it read before rather than show stale numbers, and retries every few seconds` +
      (p.failures > 1 ? ` (${p.failures} attempts so far).` : "."),
  };
}
