/**
 * What a token address is, from a few reads (chain/tokens.ts makes them), and what the contract would refuse
 * about it (CREDIBILITY.md rule 12) — as plain sentences, before any transaction:
 * - an ERC-20 lot or payment token must have code (`NotAContract`) and must not report ERC-721 or ERC-1155
 *   by ERC-165 (`NotAnERC20`: their `transferFrom`/`balanceOf` would pass for an ERC-20's);
 * - an ERC-721 lot must be owned by the seller (`LotNotOwnedBySeller`; no `ownerOf` answer counts as no owner).
 * Pure: no client, no React.
 */
import { getAddress, type Address } from "viem";
import { ZERO_ADDRESS } from "../../../lib/auction.js";

export const ERC721_INTERFACE_ID = "0x80ac58cd";
export const ERC1155_INTERFACE_ID = "0xd9b67a26";

/** "none": no code at the address; "contract": code, but neither an NFT by ERC-165 nor an ERC-20 by its answers. */
export type TokenKind = "eth" | "erc20" | "erc721" | "erc1155" | "contract" | "none";

/** The raw answers; null where the call reverted or returned nothing usable. */
export interface TokenProbe {
  address: Address;
  hasCode: boolean;
  /** `supportsInterface(0x80ac58cd)`, `supportsInterface(0xd9b67a26)`: false when the call fails. */
  supports721: boolean;
  supports1155: boolean;
  name: string | null;
  symbol: string | null;
  decimals: number | null;
  /** `ownerOf(id)` for an ERC-721 lot, when asked (null: reverted or not an address). */
  ownerOf?: Address | null;
}

export interface TokenInfo {
  address: Address;
  kind: TokenKind;
  name: string | null;
  symbol: string | null;
  /** ERC-20 decimals (0 for NFTs, 18 for ETH). */
  decimals: number | null;
  ownerOf?: Address | null;
}

export const KIND_LABEL: Record<TokenKind, string> = {
  eth: "Ether",
  erc20: "ERC-20",
  erc721: "ERC-721",
  erc1155: "ERC-1155",
  contract: "unrecognised contract",
  none: "no contract",
};

export const ETH_INFO: TokenInfo = { address: ZERO_ADDRESS, kind: "eth", name: "Ether", symbol: "ETH", decimals: 18 };

/** The kind of a token from its probe: ERC-165 first (as the contract does), then the ERC-20 answers. */
export function tokenKindOf(p: TokenProbe): TokenInfo {
  const address = getAddress(p.address);
  if (address === ZERO_ADDRESS) return ETH_INFO;
  const base = { address, name: p.name, symbol: p.symbol, ownerOf: p.ownerOf };
  if (!p.hasCode) return { ...base, kind: "none", name: null, symbol: null, decimals: null };
  if (p.supports721) return { ...base, kind: "erc721", decimals: 0 };
  if (p.supports1155) return { ...base, kind: "erc1155", decimals: 0 };
  if (p.decimals !== null && p.symbol !== null) return { ...base, kind: "erc20", decimals: p.decimals };
  return { ...base, kind: "contract", decimals: p.decimals };
}

/** "ERC-20 · Demo Dollar (DUSD)" — kind, then name and symbol when known. */
export function tokenTitle(t: TokenInfo): string {
  if (t.kind === "eth") return "Ether (ETH)";
  const names = t.name && t.symbol ? `${t.name} (${t.symbol})` : t.name ?? t.symbol;
  return names ? `${KIND_LABEL[t.kind]} · ${names}` : KIND_LABEL[t.kind];
}

export type TokenRole = "lot-erc721" | "lot-erc20" | "payment";

const ROLE_WORDS: Record<TokenRole, string> = { "lot-erc721": "the NFT lot", "lot-erc20": "the ERC-20 lot", payment: "the payment token" };

/**
 * Everything `create` would refuse about a token in a role, as sentences (empty: nothing). `seller` and
 * `tokenId` are needed for an ERC-721 lot's ownership check; without `ownerOf` in the info it is skipped.
 * `house` (the AuctionHouse) names a lot that is already escrowed as such.
 */
export function tokenProblems(role: TokenRole, t: TokenInfo, o: { seller?: Address; tokenId?: bigint; house?: Address } = {}): string[] {
  const what = ROLE_WORDS[role];
  if (t.kind === "eth") return role === "payment" ? [] : [`Enter the lot's token contract address (${what} cannot be Ether).`];
  if (t.kind === "none") return [`${t.address} has no code on this chain: it is not a token contract, so it cannot be ${what}.`];
  if (role === "lot-erc721") {
    if (t.kind === "erc20") return [`${t.address} is an ERC-20 token, not an NFT: choose "an amount of an ERC-20 token" to sell it.`];
    if (t.kind === "erc1155") return [`${t.address} is an ERC-1155 contract: only ERC-721 tokens can be sold as an NFT lot.`];
    if (t.ownerOf === undefined || o.seller === undefined) return [];
    const id = o.tokenId !== undefined ? `Token #${o.tokenId}` : "This token";
    if (t.ownerOf === null || t.ownerOf === ZERO_ADDRESS) {
      return [`${id} of ${t.address} has no owner: it does not exist, or the contract is not an ERC-721.`];
    }
    if (o.house && t.ownerOf.toLowerCase() === o.house.toLowerCase()) {
      return [`${id} of ${t.symbol ?? t.address} is already escrowed in an auction of this contract.`];
    }
    if (t.ownerOf.toLowerCase() !== o.seller.toLowerCase()) {
      return [`${id} of ${t.symbol ?? t.address} belongs to ${t.ownerOf}, not to you: only its owner can sell it.`];
    }
    return [];
  }
  if (t.kind === "erc721" || t.kind === "erc1155") {
    const nft = t.kind === "erc721" ? "an ERC-721 (NFT) contract" : "an ERC-1155 contract";
    return [
      role === "payment"
        ? `${t.address} is ${nft}, not an ERC-20: it cannot be the payment token.`
        : `${t.address} is ${nft}, not an ERC-20: sell one of its tokens as "one NFT" instead.`,
    ];
  }
  return [];
}
