// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only contract bidder whose ETH and ERC-721 receipts can be made to revert, to show that a
/// hostile receiver delays only its own payout.
contract BidderContract {
    IAuctionHouse public immutable house;
    bool public rejectEth;
    bool public rejectNft;

    constructor(IAuctionHouse house_) {
        house = house_;
    }

    function setRejects(bool eth, bool nft) external {
        rejectEth = eth;
        rejectNft = nft;
    }

    function commit(uint256 auctionId, bytes32 commitment, uint256 deposit) external payable {
        house.commit{value: msg.value}(auctionId, commitment, deposit);
    }

    function withdrawRefund(uint256 auctionId, address recipient) external {
        house.withdrawRefund(auctionId, recipient);
    }

    function claimLot(uint256 auctionId, IAuctionHouse.AuctionTerms calldata terms, address recipient) external {
        house.claimLot(auctionId, terms, recipient);
    }

    receive() external payable {
        require(!rejectEth, "no ETH");
    }

    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        require(!rejectNft, "no NFT");
        return this.onERC721Received.selector;
    }
}
