/**
 * Optional salt recovery: a salt derived from the bidder's EIP-712 signature over (contract, auction, bidder)
 * can be re-derived on any device by signing again. ECDSA signatures from wallets are deterministic
 * (RFC 6979), but the app never trusts that: a recovered salt is used only after the commitment it yields
 * with the bidder's amount equals the commitment recorded on chain.
 */
import { keccak256, type Address, type Hex } from "viem";

export function saltTypedData(p: { chainId: number; auctionHouse: Address; auctionId: bigint; account: Address; role: "bid" | "reserve" }) {
  return {
    domain: { name: "Credible Auction salt", version: "1", chainId: p.chainId, verifyingContract: p.auctionHouse },
    types: {
      SaltRequest: [
        { name: "auctionId", type: "uint256" },
        { name: "account", type: "address" },
        { name: "role", type: "string" },
        { name: "notice", type: "string" },
      ],
    },
    primaryType: "SaltRequest" as const,
    message: {
      auctionId: p.auctionId,
      account: p.account,
      role: p.role,
      notice: "Signing derives the secret salt of your sealed bid. Sign only on the auction app you trust.",
    },
  };
}

/** The salt is the hash of the signature: unpredictable to anyone who cannot sign for the account. */
export function saltFromSignature(signature: Hex): Hex {
  return keccak256(signature);
}
