/**
 * What kind of token a contract is, the way the AuctionHouse judges it (rule 12), so the CLI and the app can
 * refuse before any transaction what the contract would refuse: no code; an ERC-721 or ERC-1155 (by ERC-165)
 * given as an ERC-20 lot or payment token; an ERC-721 lot the seller does not own. viem only.
 */
import { erc20Abi, erc721Abi, type Address, type PublicClient } from "viem";
import { ZERO_ADDRESS } from "./auction.js";

/** ERC-165 interface ids the house checks. */
export const INTERFACE_IDS = { erc721: "0x80ac58cd", erc1155: "0xd9b67a26" } as const;

export type TokenKind = "erc721" | "erc1155" | "erc20" | "no-code";

export interface TokenFacts {
  address: Address;
  kind: TokenKind;
  name: string | null;
  symbol: string | null;
  /** ERC-20 only (18 when the token has no decimals()). */
  decimals: number | null;
}

const supportsInterfaceAbi = [
  { type: "function", name: "supportsInterface", stateMutability: "view", inputs: [{ name: "id", type: "bytes4" }], outputs: [{ type: "bool" }] },
] as const;

type Reader = Pick<PublicClient, "getCode" | "readContract">;

async function tryRead<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch {
    return null;
  }
}

/** Reads the facts the house's checks depend on; a failing read means "not that". */
export async function tokenFacts(client: Reader, address: Address): Promise<TokenFacts> {
  const code = await client.getCode({ address });
  if (!code || code === "0x") return { address, kind: "no-code", name: null, symbol: null, decimals: null };
  const supports = (id: `0x${string}`) =>
    tryRead(client.readContract({ address, abi: supportsInterfaceAbi, functionName: "supportsInterface", args: [id] }));
  const [is721, is1155, name, symbol] = await Promise.all([
    supports(INTERFACE_IDS.erc721),
    supports(INTERFACE_IDS.erc1155),
    tryRead(client.readContract({ address, abi: erc20Abi, functionName: "name" })),
    tryRead(client.readContract({ address, abi: erc20Abi, functionName: "symbol" })),
  ]);
  const kind: TokenKind = is721 === true ? "erc721" : is1155 === true ? "erc1155" : "erc20";
  const decimals = kind === "erc20" ? Number((await tryRead(client.readContract({ address, abi: erc20Abi, functionName: "decimals" }))) ?? 18) : null;
  return { address, kind, name, symbol, decimals };
}

/** "ERC-721 Lot (LOT) 0x…", for a person reading a form or a terminal. */
export function describeToken(f: TokenFacts): string {
  const kind = { erc721: "ERC-721", erc1155: "ERC-1155", erc20: "ERC-20", "no-code": "not a contract" }[f.kind];
  const label = [f.name, f.symbol ? `(${f.symbol})` : null].filter(Boolean).join(" ");
  return `${kind}${label ? ` ${label}` : ""} ${f.address}`;
}

/** Why the house would refuse this token as an ERC-20 lot or payment token (rule 12), or null. */
export function erc20Problem(f: TokenFacts, role: "lot" | "payment"): string | null {
  const what = role === "lot" ? "an ERC-20 lot" : "the payment token";
  if (f.kind === "no-code") return `${f.address} is not a token contract (it has no code), so it cannot be ${what}.`;
  if (f.kind === "erc721" || f.kind === "erc1155") {
    return `${f.address} is an ${f.kind === "erc721" ? "ERC-721" : "ERC-1155"} (NFT) contract, not an ERC-20, so it cannot be ${what}.`;
  }
  return null;
}

/** Why the house would refuse this ERC-721 lot for `seller` (rule 12), or null: ERC-165 and `ownerOf`. */
export async function erc721LotProblem(client: Reader, f: TokenFacts, tokenId: bigint, seller: Address): Promise<string | null> {
  if (f.kind === "no-code") return `${f.address} is not a token contract (it has no code).`;
  if (f.kind !== "erc721") {
    return `${f.address} does not report ERC-721 through ERC-165, as the standard requires, so it cannot be an ERC-721 lot.`;
  }
  const owner = await tryRead(client.readContract({ address: f.address, abi: erc721Abi, functionName: "ownerOf", args: [tokenId] }));
  if (owner === null || owner === ZERO_ADDRESS) return `token ${tokenId} of ${f.address} does not exist (or ${f.address} is not an ERC-721).`;
  if (owner.toLowerCase() !== seller.toLowerCase()) return `token ${tokenId} of ${f.address} belongs to ${owner}, not to the seller ${seller}.`;
  return null;
}
