// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IHouseErrors} from "../interfaces/IHouseErrors.sol";
import {Transfers} from "./Transfers.sol";

/// @title TokenChecks
/// @notice What a house accepts as a token (CREDIBILITY.md rule 12): ERC-165 probes with capped gas, the
/// ERC-20 test for lots and payment tokens (code, and not an ERC-721 or ERC-1155), and the escrow of an ERC-20
/// lot amount that must arrive exactly and must not be an NFT id in disguise.
/// @dev Internal functions only (inlined into the house). Errors are declared in {IHouseErrors}.
library TokenChecks {

    /// @dev ERC-165 interface ids that must not pass as an ERC-20 (rule 12).
    bytes4 internal constant ERC721_INTERFACE = 0x80ac58cd;
    bytes4 internal constant ERC1155_INTERFACE = 0xd9b67a26;

    /// @dev Rule 12: an ERC-20 lot or payment token has code and does not report ERC-721 or ERC-1155.
    function requireERC20(address token) internal view {
        if (token.code.length == 0) revert IHouseErrors.NotAContract(token);
        if (supportsInterface(token, ERC721_INTERFACE) || supportsInterface(token, ERC1155_INTERFACE)) {
            revert IHouseErrors.NotAnERC20(token);
        }
    }

    /// @dev Escrows an ERC-20 lot of `amount` from the caller: an ERC-20 by {requireERC20}, delivered exactly, and
    /// not an NFT without ERC-165 passing for "N units" (caught by the house now owning token id N).
    function escrowERC20(address token, uint256 amount) internal {
        requireERC20(token);
        Transfers.pullToken(token, amount);
        if (ownerOf(token, amount) == address(this)) revert IHouseErrors.NotAnERC20(token);
    }

    /// @dev ERC-165 query with capped gas; anything but a 32-byte `true` is "no".
    function supportsInterface(address token, bytes4 interfaceId) internal view returns (bool yes) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x01ffc9a7)) // supportsInterface(bytes4)
            mstore(add(m, 0x04), interfaceId)
            let ok := staticcall(30000, token, m, 0x24, 0, 0x20)
            yes := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0), 1)))
        }
    }

    /// @dev `ownerOf(tokenId)`, or address(0) when the call fails or returns no address (e.g. not an ERC-721).
    function ownerOf(address token, uint256 tokenId) internal view returns (address owner) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, shl(224, 0x6352211e)) // ownerOf(uint256)
            mstore(add(m, 0x04), tokenId)
            let ok := staticcall(gas(), token, m, 0x24, 0, 0x20)
            if and(ok, gt(returndatasize(), 0x1f)) {
                owner := and(mload(0), 0xffffffffffffffffffffffffffffffffffffffff)
            }
        }
    }
}
