import { expect } from "chai";
import { probeReason, rpcHealth } from "../../../app/src/core/rpc-health.js";

describe("app/core rpc-health: 'RPC unavailable — retrying' instead of stale numbers", () => {
  it("up while the last probe answered", () => {
    expect(rpcHealth({ failed: false, failures: 0 }, "The RPC")).to.deep.equal({ up: true, message: null });
  });

  it("down after one failed probe, with the reason's first line and the attempts", () => {
    const e = Object.assign(new Error("HTTP request failed.\nStatus: 503\nURL: http://127.0.0.1:8545"), { shortMessage: "HTTP request failed." });
    const h = rpcHealth({ failed: true, error: e, failures: 3 }, "The Hardhat local RPC");
    expect(h.up).to.equal(false);
    expect(h.message).to.equal(
      "RPC unavailable — retrying. The Hardhat local RPC does not answer (HTTP request failed.); the app hides what it read before rather than show stale numbers, and retries every few seconds (3 attempts so far).",
    );
  });

  it("keeps reasons short and copes with non-errors", () => {
    expect(probeReason(new Error(`${"x".repeat(300)}\nsecond line`))).to.have.length(118);
    expect(probeReason(undefined)).to.equal("");
    expect(rpcHealth({ failed: true, error: "fetch failed", failures: 1 }, "The RPC").message).to.match(/\(fetch failed\); .* every few seconds\.$/);
  });
});
