// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only pre-standard NFT in the style of CryptoKitties (2017): ownerOf, balanceOf, approve and
/// transferFrom work, but there is no safeTransferFrom, no ERC-165 and no fallback. Red-team mock.
contract RedteamLegacyERC721 {
    mapping(uint256 => address) public ownerOf;
    mapping(address => uint256) public balanceOf;
    mapping(uint256 => address) public approved;
    mapping(address => mapping(address => bool)) public operators;

    function mint(address to, uint256 id) external {
        require(ownerOf[id] == address(0), "minted");
        ownerOf[id] = to;
        balanceOf[to] += 1;
    }

    function approve(address to, uint256 id) external {
        require(ownerOf[id] == msg.sender, "owner");
        approved[id] = to;
    }

    function setApprovalForAll(address op, bool yes) external {
        operators[msg.sender][op] = yes;
    }

    function transferFrom(address from, address to, uint256 id) external {
        require(ownerOf[id] == from, "from");
        require(msg.sender == from || approved[id] == msg.sender || operators[from][msg.sender], "auth");
        ownerOf[id] = to;
        balanceOf[from] -= 1;
        balanceOf[to] += 1;
        approved[id] = address(0);
    }
}
