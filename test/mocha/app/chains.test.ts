import { expect } from "chai";
import { selectChains } from "../../../app/src/core/chains.js";

describe("app/core chains: local always, a testnet only when configured and deployed", () => {
  it("offers only the local Hardhat chain (31337) by default", () => {
    const chains = selectChains([31337], {});
    expect(chains.map((c) => c.id)).to.deep.equal([31337]);
    expect(chains[0].rpcUrls.default.http[0]).to.equal("http://127.0.0.1:8545");
    expect(chains[0].blockExplorers).to.equal(undefined);
  });

  it("adds Sepolia with its explorer and the configured RPC when a record exists", () => {
    const chains = selectChains([31337, 11155111], { testnetRpcUrl: "https://rpc.example/sepolia", localRpcUrl: "http://127.0.0.1:8555" });
    expect(chains.map((c) => c.id)).to.deep.equal([31337, 11155111]);
    expect(chains[0].rpcUrls.default.http[0]).to.equal("http://127.0.0.1:8555");
    expect(chains[1].rpcUrls.default.http).to.deep.equal(["https://rpc.example/sepolia"]);
    expect(chains[1].blockExplorers?.default.url).to.match(/etherscan/);
  });

  it("leaves the testnet out without an RPC URL or without a deployment record", () => {
    expect(selectChains([31337, 11155111], {}).length).to.equal(1);
    expect(selectChains([31337], { testnetRpcUrl: "https://rpc.example" }).length).to.equal(1);
  });

  it("accepts another chain id, defined generically when viem does not know it", () => {
    const chains = selectChains([31337, 424242], { testnetRpcUrl: "https://rpc.example", testnetChainId: "424242" });
    expect(chains[1]).to.deep.include({ id: 424242, name: "Chain 424242" });
  });
});
