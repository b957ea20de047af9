// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only bidder that recovers its vault twice in one transaction: the second sweep of the same vault
/// must find it already swept (and move nothing) instead of running a CREATE2 that fails and burns its gas.
contract VaultRecoveryProbe {
    IAuctionHouse public immutable house;
    bool public secondSucceeded;

    constructor(IAuctionHouse house_) {
        house = house_;
    }

    function recoverTwice(uint256 auctionId, bytes32 salt) external {
        house.recoverVault(auctionId, salt, address(this));
        try house.recoverVault(auctionId, salt, address(this)) {
            secondSucceeded = true;
        } catch {
            secondSucceeded = false;
        }
    }

    receive() external payable {}
}
