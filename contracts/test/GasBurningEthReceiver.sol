// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only ETH receiver that burns `burn` gas on every receipt, or every unit it was given if that is
/// less (then the receipt fails): a bidder that tries to make a third party's reveal pay for its receive hook.
contract GasBurningEthReceiver {
    uint256 public burn;

    constructor(uint256 burn_) {
        burn = burn_;
    }

    function setBurn(uint256 burn_) external {
        burn = burn_;
    }

    receive() external payable {
        uint256 g = gasleft();
        uint256 b = burn;
        uint256 stop = g > b ? g - b : 0;
        while (gasleft() > stop) {}
    }
}
