/**
 * The reads behind token-kind detection (core/token-kind.ts): code, ERC-165 for ERC-721 and ERC-1155, the
 * ERC-20 name/symbol/decimals, and `ownerOf(id)` for an ERC-721 lot. Every call may fail; a failure is an answer.
 */
import { erc20Abi, erc721Abi, getAddress, type Address, type PublicClient } from "viem";
import { ZERO_ADDRESS } from "../../../lib/auction.js";
import { ERC1155_INTERFACE_ID, ERC721_INTERFACE_ID, ETH_INFO, tokenKindOf, type TokenInfo, type TokenProbe } from "../core/token-kind";

const erc165Abi = [
  { type: "function", name: "supportsInterface", stateMutability: "view", inputs: [{ name: "interfaceId", type: "bytes4" }], outputs: [{ type: "bool" }] },
] as const;

export async function probeToken(client: PublicClient, token: Address, o: { ownerOfId?: bigint } = {}): Promise<TokenProbe> {
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
export async function readTokenInfo(client: PublicClient, token: Address, o: { ownerOfId?: bigint } = {}): Promise<TokenInfo> {
  if (token.toLowerCase() === ZERO_ADDRESS) return ETH_INFO;
  return tokenKindOf(await probeToken(client, token, o));
}
