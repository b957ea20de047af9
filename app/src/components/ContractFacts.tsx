"use client";
import { Card } from "./bits";
import { useAppChain } from "@/hooks/useAppChain";
import { useContractFacts } from "@/hooks/useAudit";
import { Addr } from "./bits";

/** What anyone can verify about the contract itself: its code is this build, and its ABI grants no one special powers. */
export function ContractFacts() {
  const app = useAppChain();
  const { data } = useContractFacts();
  if (!app.deployment) return null;
  return (
    <Card title="The contract" id="contract-facts">
      <dl className="facts" data-testid="contract-facts">
        <dt>Address</dt><dd><Addr address={app.deployment.auctionHouse} /> on {app.chain.name}, deployed in block {app.deployment.deployBlock}</dd>
        <dt>Code</dt>
        <dd>
          {!data ? "checking…" : data.codeHash === null ? <span className="bad">no code at this address</span> : data.codeMatches
            ? <><span className="ok">matches</span> the compiled AuctionHouse this app was built from (runtime code hash <span className="mono">{data.codeHash.slice(0, 18)}…</span>)</>
            : <><span className="bad">differs</span> from the compiled AuctionHouse (on chain <span className="mono">{data.codeHash.slice(0, 18)}…</span>, expected <span className="mono">{data.expectedCodeHash.slice(0, 18)}…</span>)</>}
        </dd>
        <dt>Privileged functions</dt>
        <dd>
          {!data ? "checking…" : data.abi.privileged.length === 0
            ? <><span className="ok">none</span>: no owner, admin, pause, upgrade, fee or rescue function exists in its ABI. It has {data.abi.stateChanging.length} state-changing functions, each open to anyone under the auction rules but the two noted below: {data.abi.stateChanging.join(", ")}. (Only <code>cancel</code> is the seller&apos;s, and only before the first bid; <code>pushTokenFromHouse</code> only the contract itself may call, to contain a token payment inside a settlement or a reveal.)</>
            : <span className="bad">the ABI names {data.abi.privileged.join(", ")}</span>}
        </dd>
        <dt>Burned bonds</dt>
        <dd>Forfeited bonds stay in the contract forever and no function can move them: not to the seller (that would make shill bids free), not to bidders (a seller&apos;s own shills would recoup it).</dd>
        <dt>History</dt>
        <dd>Every state change emits an event carrying what is needed to rebuild the auction. This app rebuilds everything from those events in your browser, through {app.chain.name}&apos;s RPC — no indexer or server.</dd>
      </dl>
    </Card>
  );
}
