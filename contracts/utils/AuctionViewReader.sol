// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title AuctionViewReader
/// @notice Never deployed: an auditor runs this code with an `eth_call` state override (lib/audit.ts) to read
/// every bidder's position in one call instead of one view call per bidder. It only calls the house's
/// `positionOf` view; what it keeps between calls lives in transient storage, gone when the call ends.
contract AuctionViewReader {
    /// @notice `positionOf(auctionId, bidder)` for each bidder, as two words each (status, value), in a
    /// `uint256[]` of length 2 × bidders. Reverts if any view call fails.
    /// @dev Memory stays a few words long during the loop (results wait in transient storage): some nodes'
    /// tracers copy the caller's memory at every call, which would make a large result quadratic.
    function positions(address house, uint256 auctionId, address[] calldata bidders) external returns (uint256[] memory) {
        assembly ("memory-safe") {
            let n := bidders.length
            let m := mload(0x40)
            mstore(m, shl(224, 0x7d40576f)) // positionOf(uint256,address)
            mstore(add(m, 0x04), auctionId)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(add(m, 0x24), calldataload(add(bidders.offset, shl(5, i))))
                if iszero(staticcall(gas(), house, m, 0x44, m, 0x40)) { revert(0, 0) }
                if lt(returndatasize(), 0x40) { revert(0, 0) }
                tstore(shl(1, i), mload(m))
                tstore(add(shl(1, i), 1), mload(add(m, 0x20)))
                mstore(m, shl(224, 0x7d40576f))
                mstore(add(m, 0x04), auctionId)
            }
            mstore(m, 0x20)
            mstore(add(m, 0x20), shl(1, n))
            let out := add(m, 0x40)
            for { let k := 0 } lt(k, shl(1, n)) { k := add(k, 1) } {
                mstore(add(out, shl(5, k)), tload(k))
            }
            return(m, add(0x40, shl(6, n)))
        }
    }
}
