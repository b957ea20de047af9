/** Token kinds and what create would refuse about a token: the one implementation lives in lib/tokens.ts. */
export { ERC1155_INTERFACE_ID, ERC721_INTERFACE_ID, ETH_INFO, KIND_LABEL, tokenKindOf, tokenProblems, tokenTitle } from "../../../lib/tokens.js";
export type { TokenInfo, TokenKind, TokenProbe, TokenRole } from "../../../lib/tokens.js";
