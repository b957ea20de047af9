import { expect } from "chai";
import { parseEther, type Address } from "viem";
import { ZERO_ADDRESS, ZERO_BYTES32 } from "../../../lib/auction.js";
import { allowancesNeeded, buildTerms, createProblems, createValue, type CreateInput } from "../../../app/src/core/create-form.js";

const seller = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" as Address;
const nft = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const token = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const base: CreateInput = {
  seller, lotKind: "erc721", lotToken: nft, lotAmountOrId: 100n, paymentToken: "", format: "second-price",
  commitSeconds: 3600, revealSeconds: 7200, reserveSeconds: 600, bond: parseEther("0.1"), reserve: "none", floor: 0n, sealedReserve: null, chainNow: 1_000_000,
};

describe("app/core create-form: from inputs to terms", () => {
  it("builds terms with windows from chain time and ETH payment", () => {
    expect(createProblems(base)).to.deep.equal([]);
    const t = buildTerms(base);
    expect(t).to.deep.include({ lotKind: 0, lotAmountOrId: 100n, paymentToken: ZERO_ADDRESS, format: 0, commitEnd: 1_003_600, reserveEnd: 0, revealEnd: 1_010_800, floorReserve: 0n, sealedReserveCommitment: ZERO_BYTES32, reserveNonce: 0n });
    expect(createValue(t)).to.equal(0n);
  });

  it("explains each bad input in a sentence", () => {
    const p = createProblems({ ...base, lotToken: "nope", lotAmountOrId: null, commitSeconds: 10, bond: 0n, reserve: "public", floor: null });
    expect(p).to.include("Enter the lot's token contract address.");
    expect(p).to.include("Enter the token id of the lot.");
    expect(p).to.include("The commit window must last at least a minute.");
    expect(p.join(" ")).to.match(/bond must be greater than zero/).and.match(/Enter the public reserve/);
    expect(createProblems({ ...base, reserve: "sealed", floor: parseEther("2"), sealedReserve: parseEther("1") })[0]).to.match(/at or below the public floor/);
  });

  it("requires ownership and approval of the lot before anything is sent", () => {
    expect(createProblems(base, { owned: false, approved: false })).to.deep.equal(["You do not own this token."]);
    expect(createProblems(base, { owned: true, approved: false })[0]).to.match(/Approve the auction contract/);
    expect(createProblems(base, { owned: true, approved: true })).to.deep.equal([]);
  });

  it("a sealed reserve bonds the seller: ETH value, or an ERC-20 allowance added to an ERC-20 lot's", () => {
    const sealed = { ...base, reserve: "sealed" as const, sealedReserve: parseEther("1") };
    const c = { commitment: `0x${"ab".repeat(32)}` as const, nonce: 3n };
    expect(createValue(buildTerms(sealed, c))).to.equal(parseEther("0.1"));
    const erc20 = buildTerms({ ...sealed, lotKind: "erc20", lotToken: token, lotAmountOrId: parseEther("500"), paymentToken: token }, c);
    expect(createValue(erc20)).to.equal(0n);
    expect(allowancesNeeded(erc20).get(token.toLowerCase())).to.equal(parseEther("500.1"));
    expect(allowancesNeeded(buildTerms(base)).size).to.equal(0);
  });

  it("a sealed reserve gets its window after bidding closes, its commitment and the seller's nonce", () => {
    const sealed = { ...base, reserve: "sealed" as const, sealedReserve: parseEther("1") };
    const t = buildTerms(sealed, { commitment: `0x${"cd".repeat(32)}`, nonce: 7n });
    expect(t).to.deep.include({ commitEnd: 1_003_600, reserveEnd: 1_004_200, revealEnd: 1_010_800, sealedReserveCommitment: `0x${"cd".repeat(32)}`, reserveNonce: 7n });
    // Without a sealed reserve there is no window and no nonce, whatever was passed.
    expect(buildTerms({ ...sealed, reserve: "public", floor: 1n }, { commitment: `0x${"cd".repeat(32)}`, nonce: 7n })).to.deep.include({ reserveEnd: 0, reserveNonce: 0n, sealedReserveCommitment: ZERO_BYTES32 });
  });

  it("the reserve window must last a minute and end before the reveal window does", () => {
    const sealed = { ...base, reserve: "sealed" as const, sealedReserve: parseEther("1") };
    expect(createProblems(sealed)).to.deep.equal([]);
    expect(createProblems({ ...sealed, reserveSeconds: 30 })[0]).to.match(/reserve window must last at least a minute/);
    expect(createProblems({ ...sealed, reserveSeconds: 7200 })[0]).to.match(/reserve window must be shorter than the reveal window/);
    expect(createProblems({ ...base, reserveSeconds: 0 })).to.deep.equal([]); // no sealed reserve: no window to check
  });

  it("refuses, before any transaction, the tokens the contract would refuse (rule 12)", () => {
    const nftInfo = (ownerOf: Address | null) => ({ address: nft as Address, kind: "erc721" as const, name: "Demo", symbol: "DEMO", decimals: 0, ownerOf });
    const erc20Info = { address: token as Address, kind: "erc20" as const, name: "Dollar", symbol: "DUSD", decimals: 18 };
    expect(createProblems(base, undefined, { lot: nftInfo(seller) })).to.deep.equal([]);
    expect(createProblems(base, undefined, { lot: nftInfo("0x0000000000000000000000000000000000000001") })[0]).to.match(/belongs to 0x0+1, not to you/);
    expect(createProblems(base, undefined, { lot: nftInfo(null) })[0]).to.match(/has no owner/);
    const erc20Lot = { ...base, lotKind: "erc20" as const, lotToken: nft, lotAmountOrId: 1n };
    expect(createProblems(erc20Lot, undefined, { lot: nftInfo(seller) })[0]).to.match(/is an ERC-721 \(NFT\) contract, not an ERC-20/);
    expect(createProblems({ ...base, paymentToken: nft }, undefined, { lot: nftInfo(seller), payment: nftInfo(null) })[0]).to.match(/cannot be the payment token/);
    expect(createProblems({ ...base, paymentToken: token }, undefined, { payment: erc20Info })).to.deep.equal([]);
    const empty = { address: token as Address, kind: "none" as const, name: null, symbol: null, decimals: null };
    expect(createProblems({ ...base, paymentToken: token }, undefined, { payment: empty })[0]).to.match(/has no code on this chain/);
  });
});
