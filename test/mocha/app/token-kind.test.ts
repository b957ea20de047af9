import { expect } from "chai";
import type { Address } from "viem";
import { ETH_INFO, tokenKindOf, tokenProblems, tokenTitle, type TokenProbe } from "../../../app/src/core/token-kind.js";
import { recipientProblem } from "../../../app/src/core/recipient.js";

const A = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address;
const seller = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" as Address;
const other = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address;
const probe = (o: Partial<TokenProbe>): TokenProbe => ({
  address: A, hasCode: true, supports721: false, supports1155: false, name: null, symbol: null, decimals: null, ...o,
});

describe("app/core token-kind: what a token address is, and what create would refuse (rule 12)", () => {
  it("detects the kind: no code, ERC-721 and ERC-1155 by ERC-165 first, then ERC-20 by its answers", () => {
    expect(tokenKindOf(probe({ hasCode: false, name: "x" }))).to.deep.include({ kind: "none", name: null });
    expect(tokenKindOf(probe({ supports721: true, name: "Demo", symbol: "DEMO" }))).to.deep.include({ kind: "erc721", decimals: 0, name: "Demo" });
    expect(tokenKindOf(probe({ supports1155: true }))).to.deep.include({ kind: "erc1155" });
    // An NFT that also answers decimals() (as a collision would) is still an NFT: ERC-165 decides, as in the contract.
    expect(tokenKindOf(probe({ supports721: true, symbol: "N", decimals: 0 })).kind).to.equal("erc721");
    expect(tokenKindOf(probe({ name: "Dollar", symbol: "DUSD", decimals: 6 }))).to.deep.include({ kind: "erc20", decimals: 6, symbol: "DUSD" });
    expect(tokenKindOf(probe({})).kind).to.equal("contract");
    expect(tokenKindOf(probe({ address: "0x0000000000000000000000000000000000000000" }))).to.equal(ETH_INFO);
  });

  it("titles a token with its kind, name and symbol", () => {
    expect(tokenTitle(tokenKindOf(probe({ name: "Dollar", symbol: "DUSD", decimals: 18 })))).to.equal("ERC-20 · Dollar (DUSD)");
    expect(tokenTitle(tokenKindOf(probe({ supports721: true, symbol: "DEMO" })))).to.equal("ERC-721 · DEMO");
    expect(tokenTitle(tokenKindOf(probe({ hasCode: false })))).to.equal("no contract");
    expect(tokenTitle(ETH_INFO)).to.equal("Ether (ETH)");
  });

  it("refuses an address without code in every role", () => {
    const none = tokenKindOf(probe({ hasCode: false }));
    for (const role of ["lot-erc721", "lot-erc20", "payment"] as const) expect(tokenProblems(role, none)[0]).to.match(/has no code on this chain/);
  });

  it("refuses an NFT as an ERC-20 lot or as the payment token (NotAnERC20)", () => {
    for (const nft of [probe({ supports721: true }), probe({ supports1155: true })].map(tokenKindOf)) {
      expect(tokenProblems("lot-erc20", nft)[0]).to.match(/not an ERC-20/);
      expect(tokenProblems("payment", nft)[0]).to.match(/cannot be the payment token/);
    }
    expect(tokenProblems("payment", ETH_INFO)).to.deep.equal([]);
    expect(tokenProblems("payment", tokenKindOf(probe({ symbol: "D", decimals: 18 })))).to.deep.equal([]);
  });

  it("an ERC-721 lot must be an ERC-721 owned by the seller (LotNotOwnedBySeller)", () => {
    const nft = (ownerOf: Address | null | undefined) => tokenKindOf(probe({ supports721: true, symbol: "DEMO", ownerOf }));
    expect(tokenProblems("lot-erc721", nft(seller), { seller, tokenId: 3n })).to.deep.equal([]);
    expect(tokenProblems("lot-erc721", nft(other), { seller, tokenId: 3n })).to.deep.equal([`Token #3 of DEMO belongs to ${other}, not to you: only its owner can sell it.`]);
    expect(tokenProblems("lot-erc721", nft(null), { seller, tokenId: 3n })[0]).to.match(/^Token #3 of 0x.* has no owner: it does not exist/);
    expect(tokenProblems("lot-erc721", nft(undefined), { seller, tokenId: 3n })).to.deep.equal([]); // ownership not read yet
    expect(tokenProblems("lot-erc721", nft(other), { seller, tokenId: 3n, house: other })[0]).to.equal("Token #3 of DEMO is already escrowed in an auction of this contract.");
    expect(tokenProblems("lot-erc721", tokenKindOf(probe({ symbol: "D", decimals: 18 })))[0]).to.match(/is an ERC-20 token, not an NFT/);
    expect(tokenProblems("lot-erc721", tokenKindOf(probe({ supports1155: true })))[0]).to.match(/ERC-1155/);
  });
});

describe("app/core recipient: where a cancelled auction's lot goes", () => {
  it("needs a non-zero address", () => {
    expect(recipientProblem(seller)).to.equal(null);
    expect(recipientProblem(` ${seller.toLowerCase()} `)).to.equal(null);
    expect(recipientProblem("0x0000000000000000000000000000000000000000")).to.match(/zero address/);
    expect(recipientProblem("bob")).to.match(/Enter the address/);
  });
});
