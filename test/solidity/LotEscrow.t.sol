// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "./utils/Test.sol";
import {vm} from "./utils/Vm.sol";
import {AuctionHouse} from "../../contracts/AuctionHouse.sol";
import {IAuctionHouse} from "../../contracts/interfaces/IAuctionHouse.sol";
import {IHouseErrors} from "../../contracts/interfaces/IHouseErrors.sol";
import {MockERC20} from "../../contracts/test/MockERC20.sol";
import {MockERC721} from "../../contracts/test/MockERC721.sol";
import {NonTransferringERC721} from "../../contracts/test/NonTransferringERC721.sol";

/// @notice Rule 12: escrow only what the seller owns and what can be delivered. An ERC-721 lot owned by the seller
/// is escrowed (paid in ETH or an ERC-20); one owned by someone else, even approved to the house, is refused with
/// its real owner named; one whose transfer does nothing is refused; an ERC-721 is never an ERC-20 lot or payment
/// token, and neither is an address without code. A refused create moves nothing (id, nonce, balances).
contract LotEscrowTest is Test {
    address internal constant SELLER = address(uint160(0x5E11E4C0DE));
    address internal constant OTHER = address(uint160(0x07E4C0DE));

    AuctionHouse internal house;
    MockERC721 internal nft;
    MockERC20 internal erc20;

    function setUp() public {
        vm.warp(1_750_000_000);
        house = new AuctionHouse();
        nft = new MockERC721("Lot", "LOT");
        erc20 = new MockERC20("Pay", "PAY");
    }

    function _terms(uint256 tokenId, address paymentToken) internal view returns (IAuctionHouse.AuctionTerms memory t) {
        t.seller = SELLER;
        t.lotKind = IAuctionHouse.LotKind.ERC721;
        t.lotToken = address(nft);
        t.lotAmountOrId = tokenId;
        t.paymentToken = paymentToken;
        t.commitEnd = uint40(block.timestamp + 1 days);
        t.revealEnd = uint40(block.timestamp + 2 days);
        t.bond = 0.1 ether;
    }

    /// @notice The plainest auction there is: an ERC-721 owned by the seller, paid in ETH.
    function testFuzz_erc721LotOwnedBySellerIsEscrowed(uint256 tokenId, bool eth) public {
        IAuctionHouse.AuctionTerms memory t = _terms(tokenId, eth ? address(0) : address(erc20));
        nft.mint(SELLER, tokenId);
        vm.startPrank(SELLER);
        nft.approve(address(house), tokenId);
        uint256 id = house.create(t);
        vm.stopPrank();
        assertEq(nft.ownerOf(tokenId), address(house), "lot not escrowed");
        assertEq(house.auctionState(id).termsHash, keccak256(abi.encode(t)), "terms");
    }

    /// @notice Another account's token, approved to the house (the pull would work), is refused, naming its owner.
    function testFuzz_erc721LotNotOwnedBySellerIsRefused(uint256 tokenId, bool eth) public {
        IAuctionHouse.AuctionTerms memory t = _terms(tokenId, eth ? address(0) : address(erc20));
        nft.mint(OTHER, tokenId);
        vm.prank(OTHER);
        nft.setApprovalForAll(address(house), true);
        vm.expectRevert(
            abi.encodeWithSelector(IAuctionHouse.LotNotOwnedBySeller.selector, address(nft), tokenId, OTHER)
        );
        vm.prank(SELLER);
        house.create(t);
        assertEq(nft.ownerOf(tokenId), OTHER, "token moved");
        assertEq(house.nextAuctionId(), 1, "id moved");
    }

    /// @notice A token whose transferFrom does nothing is never escrowed.
    function test_nonTransferringErc721IsRefused() public {
        NonTransferringERC721 broken = new NonTransferringERC721();
        IAuctionHouse.AuctionTerms memory t = _terms(3, address(erc20));
        t.lotToken = address(broken);
        broken.mint(SELLER, 3);
        vm.expectRevert(abi.encodeWithSelector(IAuctionHouse.LotNotEscrowed.selector, address(broken), 3));
        vm.prank(SELLER);
        house.create(t);
    }

    /// @notice An ERC-721 (by ERC-165) or an address without code is never an ERC-20 lot or payment token.
    function testFuzz_notAnErc20IsRefused(bool asPayment, bool noCode, address eoa) public {
        if (eoa.code.length != 0 || uint160(eoa) < 0x10000) eoa = address(uint160(0xE0A0000001));
        address token = noCode ? eoa : address(nft);
        IAuctionHouse.AuctionTerms memory t = _terms(1, address(0));
        t.lotKind = IAuctionHouse.LotKind.ERC20;
        if (asPayment) {
            t.lotToken = address(erc20);
            t.paymentToken = token;
        } else {
            t.lotToken = token;
        }
        nft.mint(SELLER, 1);
        erc20.mint(SELLER, 1);
        vm.startPrank(SELLER);
        nft.setApprovalForAll(address(house), true);
        erc20.approve(address(house), 1);
        vm.expectRevert(
            noCode
                ? abi.encodeWithSelector(IHouseErrors.NotAContract.selector, token)
                : abi.encodeWithSelector(IHouseErrors.NotAnERC20.selector, token)
        );
        house.create(t);
        vm.stopPrank();
        assertEq(nft.ownerOf(1), SELLER, "NFT escrowed as an ERC-20");
        assertEq(erc20.balanceOf(SELLER), 1, "ERC-20 lot moved");
    }
}
