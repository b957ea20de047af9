// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";

/// @notice Test-only ERC-1155 with open minting that misbehaves on demand: it can deliver one copy less than asked,
/// take the copies from someone other than `from` (as a token that ignores `from` would), deny ERC-1155 by
/// ERC-165, or freeze transfers out of one holder (as a pausable or blocklisting collection its seller controls).
contract QuirkyERC1155 is ERC1155 {
    bool public short;
    address public takeFrom;
    bool public hideInterface;
    mapping(address => bool) public frozen;

    constructor() ERC1155("") {}

    function mint(address to, uint256 id, uint256 amount) external {
        _mint(to, id, amount, "");
    }

    function setShort(bool yes) external {
        short = yes;
    }

    function setTakeFrom(address holder) external {
        takeFrom = holder;
    }

    function setHideInterface(bool yes) external {
        hideInterface = yes;
    }

    function setFrozen(address holder, bool yes) external {
        frozen[holder] = yes;
    }

    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        if (hideInterface) return false;
        return super.supportsInterface(interfaceId);
    }

    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes memory data) public override {
        require(!frozen[from], "frozen");
        if (takeFrom != address(0)) from = takeFrom;
        else require(from == msg.sender || isApprovedForAll(from, msg.sender), "not approved");
        if (short && value > 0) value -= 1;
        _safeTransferFrom(from, to, id, value, data);
    }
}
