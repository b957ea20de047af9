// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {MockERC721} from "./MockERC721.sol";

/// @notice Test-only non-compliant ERC-721 whose transferFrom ignores `from` and approvals: it moves the token
/// from whoever holds it. Deployable and seen in the wild in spirit; the house must not trust it (rule 12).
contract FromIgnoringERC721 is MockERC721 {
    constructor() MockERC721("Ignores From", "IGN") {}

    function transferFrom(address, address to, uint256 tokenId) public override {
        _update(to, tokenId, address(0));
    }
}
