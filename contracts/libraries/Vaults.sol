// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Vaults
/// @notice Counterfactual collateral vaults of hidden-deposit bids (rule 16): the address a bid's collateral is sent
/// to, and its sweep. A vault is a CREATE2 address of the house; nothing lives there until the house deploys it,
/// and the code it deploys only hands the vault's own balance to the house and self-destructs in the same
/// transaction (EIP-6780: the account is deleted, so the address can receive and be swept again later).
/// @dev Derivation (lib/vault.ts mirrors it):
///   vaultSalt = keccak256(abi.encode(chainId, house, auctionId, bidder, salt))   (5 words; a commitment hashes 6)
///   vault     = address(keccak256(0xff ‖ house ‖ vaultSalt ‖ keccak256(initCode))[12:])
/// `salt` is the bid's own secret salt, so nobody can compute or link a vault before the bid opens; the chain id
/// keeps a salt reused on another chain (where the house may share its address) from naming the same vault, the
/// auction id a salt reused in another auction, and the bidder a copied salt. The house hashes the caller's salt
/// with the bidder it checked: it never runs CREATE2 on a salt a caller supplies directly.
/// The init code is fixed raw bytecode, so vault addresses do not depend on compiler settings:
///   ETH payment:    0x33ff (CALLER, SELFDESTRUCT): the whole balance goes to the house.
///   ERC-20 payment: {tokenInitCode}, 81 bytes with the token address inside: `balanceOf(self)`, then
///                   `transfer(house, balance)`, each with capped gas and its result ignored (the house measures its
///                   own balance), then SELFDESTRUCT to the house, which also moves any ETH the vault holds.
import {IHouseErrors} from "../interfaces/IHouseErrors.sol";
import {Transfers} from "./Transfers.sol";

library Vaults {
    /// @dev ETH vault: CALLER (0x33) SELFDESTRUCT (0xff). keccak256(hex"33ff").
    bytes32 internal constant ETH_CODE_HASH = keccak256(hex"33ff");

    /// @dev Token vault init code = 0x73 ‖ token (PUSH20 token) ‖ TOKEN_TAIL (60 bytes), opcode by opcode
    /// (stack shown after each line, top on the right; t = token):
    ///   73 <token>      PUSH20 token                       [t]
    ///   63 70a08231     PUSH4 balanceOf(address)           [t, sel]
    ///   60 e0 1b        PUSH1 224, SHL                     [t, sel<<224]
    ///   5f 52           PUSH0, MSTORE      mem[0..4) = sel [t]
    ///   30              ADDRESS                            [t, self]
    ///   60 04 52        PUSH1 4, MSTORE    mem[4..36) = self
    ///   60 20 5f        PUSH1 32 (retSize), PUSH0 (retOffset)
    ///   60 24 5f        PUSH1 36 (argsSize), PUSH0 (argsOffset)
    ///   84              DUP5 (token)
    ///   61 7530         PUSH2 30,000 (gas)
    ///   fa 50           STATICCALL, POP    mem[0..32) = balance (or, if the read failed, a word no honest token
    ///                                      holds: the transfer below then fails and moves nothing)
    ///   5f 51           PUSH0, MLOAD                       [t, bal]
    ///   63 a9059cbb     PUSH4 transfer(address,uint256)
    ///   60 e0 1b 5f 52  PUSH1 224, SHL, PUSH0, MSTORE  mem[0..4) = sel
    ///   33 60 04 52     CALLER, PUSH1 4, MSTORE       mem[4..36) = house (the deployer)
    ///   60 24 52        PUSH1 36, MSTORE              mem[36..68) = bal      [t]
    ///   5f 5f 60 44     PUSH0 (retSize), PUSH0 (retOffset), PUSH1 68 (argsSize)
    ///   5f 5f           PUSH0 (argsOffset), PUSH0 (value)
    ///   85              DUP6 (token)
    ///   62 00ea60       PUSH3 60,000 (gas)
    ///   f1 50           CALL, POP (the outcome is read from the house's balance)
    ///   33 ff           CALLER, SELFDESTRUCT: every wei of the vault to the house; the vault is deleted
    /// The only targets it calls are the token (fixed in the code) and the house (CALLER), with fixed calldata
    /// moving the vault's own balance to the house; it returns no runtime code, so nothing stays deployed.
    bytes32 private constant TOKEN_TAIL_0 = 0x6370a0823160e01b5f523060045260205f60245f84617530fa505f5163a9059c;
    bytes32 private constant TOKEN_TAIL_1 = 0xbb60e01b5f52336004526024525f5f60445f5f856200ea60f15033ff00000000;
    uint256 internal constant TOKEN_CODE_LENGTH = 81;

    /// @dev Gas the vault's constructor can use: the token calls' caps plus the self-destruct and the opcodes.
    uint256 internal constant TOKEN_VAULT_GAS = 30_000 + 60_000 + 5_000 + 1_000;
    uint256 internal constant ETH_VAULT_GAS = 5_000 + 100;
    /// @dev Gas a sweep must have left so that the vault's constructor gets all it can use (CREATE2 forwards 63/64
    /// of what remains after its 32,000): whoever opens a bid cannot starve its vault to make the bid invalid.
    /// The token case adds the house's two capped balance reads and a margin.
    uint256 internal constant ETH_SWEEP_NEEDED = 32_000 + ETH_VAULT_GAS + ETH_VAULT_GAS / 63 + 5_000;
    uint256 internal constant TOKEN_SWEEP_NEEDED = 32_000 + TOKEN_VAULT_GAS + TOKEN_VAULT_GAS / 63 + 2 * 10_000 + 8_000;

    /// @dev keccak256(abi.encode(chainid(), address(this), auctionId, bidder, salt)).
    function vaultSalt(uint256 auctionId, address bidder, bytes32 salt) internal view returns (bytes32 s) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainid())
            mstore(add(m, 0x20), address())
            mstore(add(m, 0x40), auctionId)
            mstore(add(m, 0x60), and(bidder, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(m, 0x80), salt)
            s := keccak256(m, 0xa0)
        }
    }

    /// @dev Writes the init code for `token` (address(0): ETH) at free memory without allocating it; returns
    /// where it starts and its length.
    function _writeInitCode(address token) private pure returns (uint256 ptr, uint256 len) {
        assembly ("memory-safe") {
            ptr := mload(0x40)
            switch token
            case 0 {
                mstore(ptr, shl(240, 0x33ff))
                len := 2
            }
            default {
                mstore(ptr, or(shl(248, 0x73), shl(88, token)))
                mstore(add(ptr, 21), TOKEN_TAIL_0)
                mstore(add(ptr, 53), TOKEN_TAIL_1)
                len := TOKEN_CODE_LENGTH
            }
        }
    }

    /// @dev The vault's init code: 0x33ff for ETH (token = address(0)), else the token sweeper.
    function initCode(address token) internal pure returns (bytes memory code) {
        (uint256 ptr, uint256 len) = _writeInitCode(token);
        code = new bytes(len);
        assembly ("memory-safe") {
            mcopy(add(code, 0x20), ptr, len)
        }
    }

    /// @dev The CREATE2 address of the vault of (auctionId, bidder, salt) in an auction paid in `token`.
    function addressOf(uint256 auctionId, address bidder, bytes32 salt, address token)
        internal
        view
        returns (address vault)
    {
        vault = _addressOf(vaultSalt(auctionId, bidder, salt), token);
    }

    function _addressOf(bytes32 s, address token) private view returns (address vault) {
        (uint256 ptr, uint256 len) = _writeInitCode(token);
        assembly ("memory-safe") {
            let codeHash := keccak256(ptr, len)
            let m := ptr
            mstore(m, or(shl(160, 0xff), address())) // 0xff ‖ house at bytes 11..32
            mstore(add(m, 0x20), s)
            mstore(add(m, 0x40), codeHash)
            vault := and(keccak256(add(m, 11), 85), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev Deploys the vault, which hands everything it holds to the house and self-destructs. Returns the vault
    /// and whether it was deployed. A vault already swept in this transaction is not swept again (a second CREATE2
    /// of a live address fails and burns all the gas it is given): it is marked in transient storage under its
    /// address. The caller measures what arrived; it must hold the reentrancy guard (the token runs here).
    function sweep(uint256 auctionId, address bidder, bytes32 salt, address token)
        internal
        returns (address vault, bool swept)
    {
        bytes32 s = vaultSalt(auctionId, bidder, salt);
        vault = _addressOf(s, token);
        assembly ("memory-safe") {
            if iszero(tload(vault)) {
                tstore(vault, 1)
                let ptr := mload(0x40)
                let len := 2
                switch token
                case 0 { mstore(ptr, shl(240, 0x33ff)) }
                default {
                    mstore(ptr, or(shl(248, 0x73), shl(88, token)))
                    mstore(add(ptr, 21), TOKEN_TAIL_0)
                    mstore(add(ptr, 53), TOKEN_TAIL_1)
                    len := TOKEN_CODE_LENGTH
                }
                swept := eq(create2(0, ptr, len, s), vault)
            }
        }
    }

    /// @dev {sweep} measured by the house's own balances, around the sweep only: `amount` in the payment asset
    /// (`token`, address(0) for ETH) and, in an ERC-20-paid auction, `eth`. A token transfer that fails or lies
    /// moves (and credits) what it actually moves. Gas is checked first so that no caller can starve the vault's
    /// constructor and so make a bid invalid. The caller holds the reentrancy guard, so a token hook cannot act on
    /// the house mid-sweep; a house has no receive function, so only a vault's self-destruct can add ETH.
    function sweepMeasured(uint256 auctionId, address bidder, bytes32 salt, address token)
        internal
        returns (address vault, uint256 amount, uint256 eth)
    {
        if (token == address(0)) {
            if (gasleft() < ETH_SWEEP_NEEDED) revert IHouseErrors.InsufficientGasForVault(gasleft(), ETH_SWEEP_NEEDED);
            uint256 before = address(this).balance;
            (vault,) = sweep(auctionId, bidder, salt, address(0));
            amount = address(this).balance - before;
        } else {
            if (gasleft() < TOKEN_SWEEP_NEEDED) {
                revert IHouseErrors.InsufficientGasForVault(gasleft(), TOKEN_SWEEP_NEEDED);
            }
            uint256 tokenBefore = _houseBalance(token);
            uint256 ethBefore = address(this).balance;
            (vault,) = sweep(auctionId, bidder, salt, token);
            eth = address(this).balance - ethBefore;
            uint256 tokenAfter = _houseBalance(token);
            amount = tokenAfter > tokenBefore ? tokenAfter - tokenBefore : 0;
        }
    }

    function _houseBalance(address token) private view returns (uint256 held) {
        bool ok;
        (ok, held) = Transfers.balanceOfHouse(token);
        if (!ok) revert IHouseErrors.TokenBalanceUnreadable(token);
    }
}
