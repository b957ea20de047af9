/**
 * What a token address is, and what the AuctionHouse would refuse about it (CREDIBILITY.md rule 12), as plain
 * sentences before any transaction — one implementation for the CLI and the app:
 * - an ERC-20 lot or payment token must have code (`NotAContract`) and must not report ERC-721 or ERC-1155
 *   by ERC-165 (`NotAnERC20`: their `transferFrom`/`balanceOf` would pass for an ERC-20's);
 * - an ERC-721 lot must report ERC-721 by ERC-165 (`NotAnERC721`) and be owned by the seller
 *   (`LotNotOwnedBySeller`; no `ownerOf` answer counts as no owner).
 * `probeToken` makes the reads (viem); `tokenKindOf` and `tokenProblems` are pure.
 */
import { erc20Abi, erc721Abi, getAddress, type Address, type PublicClient } from "viem";
import { ZERO_ADDRESS } from "./auction.js";

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
    if (t.kind === "contract") {
      return [`${t.address} does not report ERC-721 through ERC-165, as the standard requires: it cannot be an NFT lot.`];
    }
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

// ---------------------------------------------------------------- reads

/** The reads a probe needs: any viem public client. */
export type TokenReader = Pick<PublicClient, "getCode" | "readContract">;

const erc165Abi = [
  { type: "function", name: "supportsInterface", stateMutability: "view", inputs: [{ name: "interfaceId", type: "bytes4" }], outputs: [{ type: "bool" }] },
] as const;

export async function probeToken(client: TokenReader, token: Address, o: { ownerOfId?: bigint } = {}): Promise<TokenProbe> {
  const address = getAddress(token);
  const code = await client.getCode({ address }).catch(() => undefined);
  const hasCode = Boolean(code && code !== "0x");
  if (!hasCode) return { address, hasCode, supports721: false, supports1155: false, name: null, symbol: null, decimals: null, ownerOf: o.ownerOfId === undefined ? undefined : null };
  const supports = (id: `0x${string}`) =>
    client.readContract({ address, abi: erc165Abi, functionName: "supportsInterface", args: [id] }).then((x) => x === true, () => false);
  const str = (f: "name" | "symbol") => client.readContract({ address, abi: erc20Abi, functionName: f }).then((x) => (typeof x === "string" ? x : null), () => null);
  const [supports721, supports1155, name, symbol, decimals, ownerOf] = await Promise.all([
    supports(ERC721_INTERFACE_ID),
    supports(ERC1155_INTERFACE_ID),
    str("name"),
    str("symbol"),
    client.readContract({ address, abi: erc20Abi, functionName: "decimals" }).then((x) => Number(x), () => null),
    o.ownerOfId === undefined
      ? Promise.resolve(undefined)
      : client.readContract({ address, abi: erc721Abi, functionName: "ownerOf", args: [o.ownerOfId] }).then((x) => getAddress(x), () => null),
  ]);
  return { address, hasCode, supports721, supports1155, name, symbol, decimals, ownerOf };
}

/** Kind, name, symbol (and the owner of `ownerOfId`, when given) of a token address; ETH for the zero address. */
export async function readTokenInfo(client: TokenReader, token: Address, o: { ownerOfId?: bigint } = {}): Promise<TokenInfo> {
  if (token.toLowerCase() === ZERO_ADDRESS) return ETH_INFO;
  return tokenKindOf(await probeToken(client, token, o));
}
