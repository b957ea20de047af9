// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Commitments
/// @notice The hashes every auction house of this project stores and checks (CREDIBILITY.md rules 2 and 6):
/// a bid commitment, a sealed-reserve commitment, and the digest a house keeps for an unopened commitment.
/// @dev Internal functions only: they are inlined into the calling house, so `address(this)` is the house and
/// a house that switches to them keeps its bytecode and gas.
library Commitments {
    /// @dev Set on every stored digest of an unopened commitment; opened positions never have the top bit set.
    uint256 internal constant DIGEST_FLAG = 1 << 255;

    /// @dev Rule 2: keccak256(abi.encode(chainId, address(this), auctionId, bidder, amount, salt)).
    function bid(uint256 auctionId, address bidder, uint256 amount, bytes32 salt) internal view returns (bytes32) {
        return _hash6(auctionId, uint256(uint160(bidder)), amount, salt);
    }

    /// @dev Rule 6: keccak256(abi.encode(chainId, address(this), seller, nonce, reserve, salt)). The seller comes
    /// before the nonce, where a bid has the auction id before the bidder: the two coincide only for a seller whose
    /// address equals an auction id and a bidder whose address equals the nonce, accounts nobody holds.
    function reserve(address seller, uint256 nonce, uint256 reserveAmount, bytes32 salt)
        internal
        view
        returns (bytes32)
    {
        return _hash6(uint256(uint160(seller)), nonce, reserveAmount, salt);
    }

    /// @dev What a house stores for an unopened commitment: keccak256(abi.encode(commitment, deposit, order)) with
    /// the top bit set. The bidder (or anyone opening for it) supplies the preimage.
    function digest(bytes32 commitment, uint256 deposit, uint256 order) internal pure returns (uint256 d) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, commitment)
            mstore(add(m, 0x20), deposit)
            mstore(add(m, 0x40), order)
            d := or(keccak256(m, 0x60), DIGEST_FLAG)
        }
    }

    /// @dev keccak256(abi.encode(chainId, address(this), w2, w3, w4, w5)).
    function _hash6(uint256 w2, uint256 w3, uint256 w4, bytes32 w5) private view returns (bytes32 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, chainid())
            mstore(add(m, 0x20), address())
            mstore(add(m, 0x40), w2)
            mstore(add(m, 0x60), w3)
            mstore(add(m, 0x80), w4)
            mstore(add(m, 0xa0), w5)
            c := keccak256(m, 0xc0)
        }
    }
}
