"use client";
import { useCallback, useState } from "react";
import { useConfig } from "wagmi";
import { useQueryClient } from "@tanstack/react-query";
import type { Hex } from "viem";
import { sentenceFor } from "../../../lib/errors.js";
import { runContractTx, type ContractCall, type TxStage, type ValueTransfer } from "@/chain/tx";
import { describeTxError } from "@/core/tx-errors";
import { explorerTx } from "@/core/format";
import { chainById } from "@/config/chains";
import { useAppChain } from "./useAppChain";

export interface TxState {
  stage: TxStage;
  label: string;
  hash?: Hex;
  explorerUrl?: string | null;
  message?: string;
}

export interface SendOptions {
  /** Checks that block the transaction (wrong phase, bad input): each a plain sentence. Nothing is sent. */
  problems?: string[];
  beforePrompt?: () => void | Promise<void>;
  formatAmount?: (amount: bigint) => string;
  onConfirmed?: (hash: Hex) => void;
  /**
   * One retry with a call built afresh when the transaction reverts with this custom error — in practice in
   * the simulation, before the wallet is asked (a k-unit reveal whose hint went stale: HintTooFar).
   */
  retry?: { on: string; call: () => Promise<ContractCall> };
}

/**
 * Sends one contract call through the shared pipeline and tracks its stages for the UI. Guards first: no
 * wallet, wrong network, or any caller-supplied problem stops it with a message and nothing is sent.
 */
export function useTransactor() {
  const config = useConfig();
  const queryClient = useQueryClient();
  const app = useAppChain();
  const [state, setState] = useState<TxState>({ stage: "idle", label: "" });

  const send = useCallback(
    async (label: string, call: ContractCall | ValueTransfer, opts: SendOptions = {}): Promise<Hex | null> => {
      const fail = (message: string) => {
        setState({ stage: "failed", label, message });
        return null;
      };
      if (!app.account) return fail("Connect a wallet first.");
      if (app.wrongNetwork) {
        return fail(`Your wallet is on chain ${app.walletChainId}, where this app has no auction contract. Switch to ${app.chain.name} (${app.chainId}) first.`);
      }
      if (opts.problems && opts.problems.length > 0) return fail(opts.problems.join(" "));
      const chain = chainById(app.chainId);
      let current = call;
      for (let attempt = 0; ; attempt++) {
        try {
          return await runContractTx({
            config,
            chainId: app.chainId,
            account: app.account,
            call: current,
            beforePrompt: opts.beforePrompt,
            onStage: (stage, hash) => {
              setState({ stage, label, hash, explorerUrl: hash ? explorerTx(chain, hash) : undefined });
              if (stage === "confirmed" && hash) {
                opts.onConfirmed?.(hash);
                // Everything on screen may have changed: read it again now rather than at the next block poll.
                void queryClient.invalidateQueries();
              }
            },
          });
        } catch (err) {
          const p = describeTxError(err, (name, args) => sentenceFor(name, args, { formatAmount: opts.formatAmount }) ?? undefined);
          if (attempt === 0 && opts.retry && p.kind === "revert" && p.errorName === opts.retry.on) {
            try {
              current = await opts.retry.call();
              continue;
            } catch (e) {
              return fail(describeTxError(e).message);
            }
          }
          setState((s) => ({ stage: p.kind === "rejected" ? "rejected" : "failed", label, hash: s.hash, explorerUrl: s.explorerUrl, message: p.message }));
          return null;
        }
      }
    },
    [app.account, app.wrongNetwork, app.walletChainId, app.chain.name, app.chainId, config, queryClient],
  );

  const reset = useCallback(() => setState({ stage: "idle", label: "" }), []);
  return { state, send, reset, busy: state.stage === "simulating" || state.stage === "wallet" || state.stage === "pending" };
}
