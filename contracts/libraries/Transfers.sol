// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IHouseErrors} from "../interfaces/IHouseErrors.sol";

/// @title Transfers
/// @notice How a house moves ETH and ERC-20 amounts (CREDIBILITY.md rules 9, 11 and 13): exact pulls and sends
/// checked by the house's own balance, uncapped payments to a recipient the caller chose, and gas-capped pushes
/// inside someone else's transaction that report failure instead of reverting.
/// @dev Internal functions only (inlined into the house). Errors are declared in {IHouseErrors}.
library Transfers {
    using SafeERC20 for IERC20;


    /// @dev Gas forwarded when paying a bidder inside someone else's transaction (rule 13): a receiver or a token's
    /// hook cannot make the caller pay for more. ETH: a contract receiver's code runs on this (plus the 2,300
    /// stipend). ERC-20: a plain transfer to a new holder costs about 30,000; the rest leaves room for proxied and
    /// hooked tokens.
    uint256 internal constant ETH_PUSH_GAS = 30_000;
    uint256 internal constant TOKEN_PUSH_GAS = 60_000;
    /// @dev Gas for each of the house's own `balanceOf` reads around a token push (a cold read costs ~2,600).
    uint256 internal constant BALANCE_QUERY_GAS = 10_000;
    /// @dev What a push costs the caller around the forwarded gas (cold accounts, value transfer) with a margin.
    uint256 internal constant PUSH_CALL_OVERHEAD = 12_000;
    /// @dev Gas a caller must have left before a push, so every capped call gets its whole cap (63/64 rule).
    uint256 internal constant ETH_PUSH_NEEDED = ETH_PUSH_GAS + ETH_PUSH_GAS / 63 + PUSH_CALL_OVERHEAD;
    uint256 internal constant TOKEN_PUSH_NEEDED =
        (TOKEN_PUSH_GAS + 2 * BALANCE_QUERY_GAS) + (TOKEN_PUSH_GAS + 2 * BALANCE_QUERY_GAS) / 63 + PUSH_CALL_OVERHEAD;
    /// @dev Gas forwarded when settlement delivers an ERC-721 lot (`safeTransferFrom`, the receiver's hook included):
    /// an OpenZeppelin transfer to a new owner costs about 35,000, so a wallet contract's hook has ample room.
    uint256 internal constant LOT_PUSH_GAS = 100_000;
    uint256 internal constant LOT_PUSH_NEEDED =
        LOT_PUSH_GAS + LOT_PUSH_GAS / 63 + BALANCE_QUERY_GAS + BALANCE_QUERY_GAS / 63 + PUSH_CALL_OVERHEAD;

    /*//////////////////////////////////////////////////////////////
                       PUSHES IN SOMEONE ELSE'S CALL
    //////////////////////////////////////////////////////////////*/

    /// @dev Pushes ETH with capped gas; false instead of reverting when the receiver refuses or runs out. Reverts
    /// when the caller left too little gas for the whole cap, or a revealer could starve the push on purpose.
    function tryPushEth(address to, uint256 amount) internal returns (bool ok) {
        if (gasleft() < ETH_PUSH_NEEDED) revert IHouseErrors.InsufficientGasForRefund(gasleft(), ETH_PUSH_NEEDED);
        assembly ("memory-safe") {
            ok := call(ETH_PUSH_GAS, to, amount, 0, 0, 0, 0)
        }
    }

    /// @dev Pushes `amount` of `token` with capped gas, counting by the house's balance rather than the token's
    /// return value: a token that moves the funds and returns false is paid (not paid twice later), one that moves
    /// nothing returns false (the caller keeps a claim), and one that moves any other amount reverts rather than
    /// take it from other auctions (rule 11).
    function tryPushToken(address token, address to, uint256 amount) internal returns (bool ok) {
        if (gasleft() < TOKEN_PUSH_NEEDED) revert IHouseErrors.InsufficientGasForRefund(gasleft(), TOKEN_PUSH_NEEDED);
        (bool read, uint256 before) = balanceOfHouse(token);
        if (!read) return false;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0xa9059cbb)) // transfer(address,uint256); the outcome is read from balances
            mstore(add(m, 0x04), to)
            mstore(add(m, 0x24), amount)
            pop(call(TOKEN_PUSH_GAS, token, 0, m, 0x44, 0, 0))
        }
        (bool readAfter, uint256 afterwards) = balanceOfHouse(token);
        if (!readAfter) revert IHouseErrors.TokenBalanceUnreadable(token);
        uint256 sent = afterwards > before ? 0 : before - afterwards;
        if (sent == amount) return true;
        if (sent != 0) revert IHouseErrors.TransferAmountMismatch(token, amount, sent);
    }

    /// @dev Delivers an ERC-721 the house holds with capped gas (`safeTransferFrom`, so a contract receiver must
    /// accept it); true when the call succeeded and the house no longer owns the token (a receiver may pass it on,
    /// or burn it, in its hook: the lot has left either way, and only a lot still held can be claimed). False
    /// instead of reverting: the owner keeps its claim. Reverts when the caller left too little gas for the cap.
    function tryPushERC721(address token, address to, uint256 tokenId) internal returns (bool ok) {
        if (gasleft() < LOT_PUSH_NEEDED) revert IHouseErrors.InsufficientGasForDelivery(gasleft(), LOT_PUSH_NEEDED);
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x42842e0e)) // safeTransferFrom(address,address,uint256)
            mstore(add(m, 0x04), address())
            mstore(add(m, 0x24), to)
            mstore(add(m, 0x44), tokenId)
            ok := call(LOT_PUSH_GAS, token, 0, m, 0x64, 0, 0)
            if ok {
                mstore(m, shl(224, 0x6352211e)) // ownerOf(uint256)
                mstore(add(m, 0x04), tokenId)
                let read := and(staticcall(BALANCE_QUERY_GAS, token, m, 0x24, 0, 0x20), gt(returndatasize(), 0x1f))
                // A call that "succeeded" but left the token with the house delivered nothing.
                if read { ok := iszero(eq(mload(0), address())) }
            }
        }
    }

    /*//////////////////////////////////////////////////////////////
                     PAYMENTS THE CALLER ASKED FOR
    //////////////////////////////////////////////////////////////*/

    /// @dev Pays ETH to a recipient the caller chose, with all gas; any failure reverts the caller's own claim.
    function payEth(address recipient, uint256 amount) internal {
        bool ok;
        assembly ("memory-safe") {
            ok := call(gas(), recipient, amount, 0, 0, 0, 0)
        }
        if (!ok) revert IHouseErrors.EthTransferFailed(recipient, amount);
    }

    /// @dev Sends `amount` of `token` and requires the house's balance to drop by exactly that (rule 11): a token
    /// that charges the sender on `transfer` only would otherwise pay this claim out of other auctions' funds.
    function sendToken(address token, address recipient, uint256 amount) internal {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransfer(recipient, amount);
        uint256 afterwards = IERC20(token).balanceOf(address(this));
        uint256 sent = afterwards > before ? 0 : before - afterwards;
        if (sent != amount) revert IHouseErrors.TransferAmountMismatch(token, amount, sent);
    }

    /// @dev Pulls `amount` of `token` from the caller and rejects tokens that deliver any other amount.
    function pullToken(address token, uint256 amount) internal {
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert IHouseErrors.TransferAmountMismatch(token, amount, received);
    }

    /// @dev The house's balance of `token`, read with capped gas; (false, 0) when the read fails.
    function balanceOfHouse(address token) internal view returns (bool ok, uint256 held) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x70a08231)) // balanceOf(address)
            mstore(add(m, 0x04), address())
            ok := staticcall(BALANCE_QUERY_GAS, token, m, 0x24, 0, 0x20)
            ok := and(ok, gt(returndatasize(), 0x1f))
            if ok { held := mload(0) }
        }
    }
}
