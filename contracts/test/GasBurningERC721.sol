// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Test-only ERC-721 lot whose transfers (not mints) turn hostile on demand: mode 1 reverts them, mode 2
/// burns every unit of gas they are given. It stands in for a collection that makes settlement's delivery fail.
contract GasBurningERC721 is ERC721 {
    uint256 public mode;

    constructor() ERC721("Burning", "BRN") {}

    function mint(address to, uint256 id) external {
        _mint(to, id);
    }

    function setMode(uint256 m) external {
        mode = m;
    }

    function _update(address to, uint256 id, address auth) internal override returns (address from) {
        from = super._update(to, id, auth);
        if (from == address(0)) return from;
        uint256 m = mode;
        if (m == 1) revert("lot frozen");
        if (m == 2) {
            uint256 x;
            for (;;) x = uint256(keccak256(abi.encode(x))); // runs out of gas
        }
    }
}
