/**
 * Hidden deposits (rule 16): where a bid's collateral goes. A hidden-deposit bid posts only the bond; the rest of
 * its collateral is sent, by a plain transfer from any account, to the bid's vault: a CREATE2 address of the house
 * that nobody can compute without the bid's salt. Opening the bid deploys the vault, which hands everything to the
 * house and self-destructs (contracts/libraries/Vaults.sol). This is the exact derivation, pure (browser and Node):
 *
 *   vaultSalt = keccak256(abi.encode(chainId, house, auctionId, bidder, salt))
 *   vault     = address(keccak256(0xff ‖ house ‖ vaultSalt ‖ keccak256(initCode))[12:])
 *   initCode  = 0x33ff (ETH payment) | 0x73 ‖ token ‖ TOKEN_VAULT_TAIL (ERC-20 payment)
 */
import { concat, getAddress, keccak256, type Address, type Hex } from "viem";
import type { CommitmentDomain } from "./auction.js";

/** ETH vault: CALLER, SELFDESTRUCT. */
export const ETH_VAULT_INIT_CODE: Hex = "0x33ff";
/** The ERC-20 vault's code after `PUSH20 token` (see Vaults.sol for it opcode by opcode). */
export const TOKEN_VAULT_TAIL: Hex =
  "0x6370a0823160e01b5f523060045260205f60245f84617530fa505f5163a9059cbb60e01b5f52336004526024525f5f60445f5f856200ea60f15033ff";
const ZERO = "0x0000000000000000000000000000000000000000";

function word(n: bigint): string {
  if (n < 0n || n >= 1n << 256n) throw new Error(`${n} is not a uint256`);
  return n.toString(16).padStart(64, "0");
}
function addressBody(a: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new Error(`${a} is not an address`);
  return getAddress(a).slice(2).toLowerCase();
}

/** The vault's init code in an auction paid in `paymentToken` (the zero address or undefined: ETH). */
export function vaultInitCode(paymentToken?: Address | null): Hex {
  if (!paymentToken || paymentToken.toLowerCase() === ZERO) return ETH_VAULT_INIT_CODE;
  return `0x73${addressBody(paymentToken)}${TOKEN_VAULT_TAIL.slice(2)}`;
}

/** The CREATE2 salt the house uses for (auction, bidder, salt). */
export function vaultSalt(d: CommitmentDomain, bidder: Address, salt: Hex): Hex {
  if (!/^0x[0-9a-fA-F]{64}$/.test(salt)) throw new Error(`salt ${salt} is not 32 bytes`);
  return keccak256(
    `0x${word(BigInt(d.chainId))}${addressBody(d.auctionHouse).padStart(64, "0")}${word(d.auctionId)}${addressBody(bidder).padStart(64, "0")}${salt.slice(2).toLowerCase()}`,
  );
}

/** The address a hidden-deposit bid's collateral is sent to (IAuctionHouse.vaultOf). */
export function vaultAddress(d: CommitmentDomain, bidder: Address, salt: Hex, paymentToken?: Address | null): Address {
  const digest = keccak256(
    concat(["0xff", d.auctionHouse, vaultSalt(d, bidder, salt), keccak256(vaultInitCode(paymentToken))]),
  );
  return getAddress(`0x${digest.slice(26)}`);
}

/** The digest the house stores for an unopened hidden-deposit commitment: the plain digest with bit 0 flipped. */
export function hiddenPositionDigest(plainDigest: Hex): Hex {
  return `0x${(BigInt(plainDigest) ^ 1n).toString(16).padStart(64, "0")}`;
}

/** Where a hidden-deposit bid's vault stands: one reading for the CLI (auction:vault) and the app. */
export type VaultStanding =
  /** The receipt's account has no commitment: what the vault holds is recoverable after the auction. */
  | { kind: "no-commitment" }
  /** The standing commitment posted a public deposit: its opening sweeps no vault. */
  | { kind: "plain" }
  /** The receipt is not the standing commitment's: the standing one's opening does not sweep this vault. */
  | { kind: "replaced" }
  /** Not opened yet: bond + what the vault holds now against the bid. */
  | { kind: "sealed"; covers: bigint; shortBy: bigint }
  /** Opened: what the sweep counted; anything the vault holds now arrived after it. */
  | { kind: "opened"; swept: bigint; valid: boolean; fundedAfterOpening: boolean };

/** The bidder's history as the vault reading needs it (lib/history.ts BidderHistory). */
export interface VaultBidder {
  hidden: boolean;
  commitment: Hex;
  deposit: bigint;
  swept: bigint;
  opening: { valid: boolean } | null;
}

/** Reads a hidden-deposit bid's vault from the auction's history, the bid's receipt and the vault's balance now. */
export function vaultStanding(b: VaultBidder | undefined, receipt: { commitment: Hex; amount: bigint }, holds: bigint): VaultStanding {
  if (b === undefined) return { kind: "no-commitment" };
  if (!b.hidden) return { kind: "plain" };
  if (b.commitment.toLowerCase() !== receipt.commitment.toLowerCase()) return { kind: "replaced" };
  if (b.opening === null) {
    const covers = b.deposit + holds;
    return { kind: "sealed", covers, shortBy: covers >= receipt.amount ? 0n : receipt.amount - covers };
  }
  return { kind: "opened", swept: b.swept, valid: b.opening.valid, fundedAfterOpening: holds !== 0n };
}

/**
 * What recoverVault would pay the bidder now: the vault's balances plus what its opening set aside, unless a
 * recovery already took that (recovery comes after every opening, and each one empties the set-aside).
 */
export function recoverableFromVault(
  b: { setAside: { amount: bigint; ethAmount: bigint }; recovered: { amount: bigint; ethAmount: bigint } } | undefined,
  holds: { amount: bigint; ethAmount: bigint },
): { amount: bigint; ethAmount: bigint } {
  const recoveredBefore = b !== undefined && (b.recovered.amount !== 0n || b.recovered.ethAmount !== 0n);
  const pending = b === undefined || recoveredBefore ? { amount: 0n, ethAmount: 0n } : b.setAside;
  return { amount: holds.amount + pending.amount, ethAmount: holds.ethAmount + pending.ethAmount };
}
