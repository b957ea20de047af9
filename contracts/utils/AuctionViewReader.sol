// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @title AuctionViewReader
/// @notice Never deployed: an auditor runs this code with an `eth_call` state override (lib/audit.ts) to read
/// every bidder's position in one call instead of one view call per bidder. It has no state, holds nothing
/// and only calls the house's `positionOf` view.
contract AuctionViewReader {
    /// @notice `positionOf(auctionId, bidder)` for each bidder, as two words each: status, value.
    function positions(IAuctionHouse house, uint256 auctionId, address[] calldata bidders)
        external
        view
        returns (uint256[] memory out)
    {
        out = new uint256[](bidders.length * 2);
        for (uint256 i; i < bidders.length; ++i) {
            (IAuctionHouse.PositionStatus status, uint256 value) = house.positionOf(auctionId, bidders[i]);
            out[2 * i] = uint256(status);
            out[2 * i + 1] = value;
        }
    }
}
