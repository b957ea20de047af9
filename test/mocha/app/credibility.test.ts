import { expect } from "chai";
import { parseAbi } from "viem";
import { auctionHouseAbi } from "../../../lib/abi.js";
import { abiFacts } from "../../../app/src/core/credibility.js";

describe("app/core credibility: facts from the ABI", () => {
  it("finds no privileged function in the AuctionHouse ABI", () => {
    const f = abiFacts(auctionHouseAbi);
    expect(f.privileged).to.deep.equal([]);
    expect(f.stateChanging).to.include.members(["create", "commit", "reveal", "settle", "claimLot", "withdrawRefund"]);
    expect(f.payable).to.include.members(["create", "commit", "recommit"]);
    expect(f.views).to.include("auctionState");
  });

  it("flags owner, pause, upgrade and setter functions (but not 'settle')", () => {
    const f = abiFacts(parseAbi([
      "function owner() view returns (address)",
      "function transferOwnership(address)",
      "function pause()",
      "function upgradeToAndCall(address, bytes) payable",
      "function setFee(uint256)",
      "function settle(uint256)",
      "event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)",
    ]));
    expect(f.privileged).to.have.members(["owner", "transferOwnership", "pause", "upgradeToAndCall", "setFee", "OwnershipTransferred"]);
  });
});
