// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Test-only ERC-721 with an admin who can freeze transfers out of one holder (as pausable, blocklisting
/// or "transfer validator" collections allow). Fully standard otherwise (ERC-165, safeTransferFrom). Red-team mock.
contract RedteamFreezableERC721 is ERC721 {
    address public immutable admin;
    mapping(address => bool) public frozen;

    constructor() ERC721("Freezable", "FRZ") {
        admin = msg.sender;
    }

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }

    function setFrozen(address holder, bool yes) external {
        require(msg.sender == admin, "admin");
        frozen[holder] = yes;
    }

    function _update(address to, uint256 id, address auth) internal override returns (address from) {
        from = super._update(to, id, auth);
        require(!frozen[from], "frozen");
    }
}
