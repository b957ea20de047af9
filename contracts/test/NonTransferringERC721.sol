// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockERC721} from "./MockERC721.sol";

/// @notice Test-only broken ERC-721 whose transferFrom returns without moving the token.
contract NonTransferringERC721 is MockERC721 {
    constructor() MockERC721("Broken", "BRK") {}

    function transferFrom(address, address, uint256) public pure override {}
}
