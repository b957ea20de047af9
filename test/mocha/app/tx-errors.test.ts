import { expect } from "chai";
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  parseAbi,
  TransactionExecutionError,
  UserRejectedRequestError,
} from "viem";
import { describeTxError } from "../../../app/src/core/tx-errors.js";

const abi = parseAbi([
  "function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) payable",
  "error DepositBelowBond(uint256 deposit, uint256 bond)",
  "error UnexpectedPhase(uint256 auctionId, uint8 current)",
]);

function reverted(errorName: "DepositBelowBond" | "UnexpectedPhase", args: readonly [bigint, bigint] | readonly [bigint, number]) {
  const data = encodeErrorResult({ abi, errorName, args } as never);
  const cause = new ContractFunctionRevertedError({ abi, data, functionName: "commit" });
  return new ContractFunctionExecutionError(cause, { abi, functionName: "commit", args: [1n, `0x${"11".repeat(32)}`, 1n] });
}

describe("app/core tx-errors: plain sentences for failures", () => {
  it("treats a wallet rejection as a cancellation, not an error", () => {
    const wrapped = new TransactionExecutionError(new UserRejectedRequestError(new Error("User rejected the request.")), {} as never);
    expect(describeTxError(wrapped).kind).to.equal("rejected");
    expect(describeTxError({ code: 4001, message: "denied" }).kind).to.equal("rejected");
    expect(describeTxError(new Error("MetaMask Tx Signature: User denied transaction signature.")).kind).to.equal("rejected");
  });

  it("decodes a custom error with its arguments and asks the explainer for a sentence", () => {
    const explain = (name: string, args: readonly unknown[]) =>
      name === "DepositBelowBond" ? `Deposit ${args[0]} is below the bond ${args[1]}.` : undefined;
    const p = describeTxError(reverted("DepositBelowBond", [1n, 5n]), explain);
    expect(p).to.deep.include({ kind: "revert", errorName: "DepositBelowBond", message: "Deposit 1 is below the bond 5." });
    expect((p as { args?: readonly unknown[] }).args).to.deep.equal([1n, 5n]);
  });

  it("falls back to the error's name and arguments when no sentence exists", () => {
    const p = describeTxError(reverted("UnexpectedPhase", [3n, 2]), () => undefined);
    expect(p.kind).to.equal("revert");
    expect(p.message).to.equal("The contract refused the call: UnexpectedPhase(3, 2).");
  });

  it("explains missing funds and an unreachable node", () => {
    const funds = new TransactionExecutionError(new InsufficientFundsError(), {} as never);
    expect(describeTxError(funds).message).to.match(/enough ETH/);
    const http = new HttpRequestError({ url: "http://127.0.0.1:8545", status: 0 });
    expect(describeTxError(http).message).to.match(/could not be reached \(http:\/\/127\.0\.0\.1:8545\)/);
    expect(describeTxError("weird").message).to.equal("weird");
  });
});
