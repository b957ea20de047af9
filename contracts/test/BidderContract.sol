// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAuctionHouse} from "../interfaces/IAuctionHouse.sol";

/// @notice Test-only contract bidder (or seller) whose ETH, ERC-721 and hooked-token receipts can be made to
/// revert or to burn all the gas they are given, to show that a hostile receiver delays only its own payout
/// and cannot make someone else's transaction pay for more than the push cap.
contract BidderContract {
    IAuctionHouse public immutable house;
    bool public rejectEth;
    bool public rejectNft;
    bool public burnGas;

    constructor(IAuctionHouse house_) {
        house = house_;
    }

    function setRejects(bool eth, bool nft) external {
        rejectEth = eth;
        rejectNft = nft;
    }

    function setBurnGas(bool burn) external {
        burnGas = burn;
    }

    /// @dev As a seller: approve the house for a collection, create, cancel to a recipient it names.
    function approveLot(address nft) external {
        (bool ok,) = nft.call(abi.encodeWithSignature("setApprovalForAll(address,bool)", address(house), true));
        require(ok, "approve");
    }

    function create(IAuctionHouse.AuctionTerms calldata terms) external payable returns (uint256) {
        return house.create{value: msg.value}(terms);
    }

    function cancel(uint256 auctionId, IAuctionHouse.AuctionTerms calldata terms, address recipient) external {
        house.cancel(auctionId, terms, recipient);
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
        _burnIfAsked();
    }

    function onTokenReceived(address, uint256) external view {
        _burnIfAsked();
    }

    function _burnIfAsked() private view {
        // Spins until out of gas: the caller loses every unit it forwarded.
        if (!burnGas) return;
        uint256 x;
        for (;;) x = uint256(keccak256(abi.encode(x))); // runs out of gas
    }

    function onERC721Received(address, address, uint256, bytes calldata) external view returns (bytes4) {
        require(!rejectNft, "no NFT");
        return this.onERC721Received.selector;
    }
}
