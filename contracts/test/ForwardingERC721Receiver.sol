// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only contract bidder that accepts an ERC-721 and, inside `onERC721Received`, forwards it at once to
/// a fixed address (as a custody wallet that sweeps what it receives would): after the receipt, `ownerOf` names
/// `forwardTo`, not this contract. Accepts ETH.
contract ForwardingERC721Receiver {
    IAuctionHouse public immutable house;
    address public immutable forwardTo;

    constructor(IAuctionHouse house_, address forwardTo_) {
        house = house_;
        forwardTo = forwardTo_;
    }

    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable {
        house.commit{value: msg.value}(auctionId, commitment, deposit);
    }

    receive() external payable {}

    function onERC721Received(address, address, uint256 tokenId, bytes calldata) external returns (bytes4) {
        IERC721(msg.sender).transferFrom(address(this), forwardTo, tokenId);
        return this.onERC721Received.selector;
    }
}
