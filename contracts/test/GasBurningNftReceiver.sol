// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only account that takes ETH but whose ERC-721 receiver hook burns `burn` gas, or every unit it was
/// given if that is less (then the receipt fails): a winner or seller that tries to make settlement pay for its
/// hook. With `burn` 0 it accepts ERC-721s normally.
contract GasBurningNftReceiver {
    uint256 public burn;

    constructor(uint256 burn_) {
        burn = burn_;
    }

    function setBurn(uint256 burn_) external {
        burn = burn_;
    }

    receive() external payable {}

    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        uint256 g = gasleft();
        uint256 b = burn;
        uint256 stop = g > b ? g - b : 0;
        while (gasleft() > stop) {}
        return this.onERC721Received.selector;
    }
}
