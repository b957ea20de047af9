// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only payment token whose outgoing `transfer` misbehaves on demand (transferFrom stays standard).
/// Modes: 0 standard; 1 returns false and moves nothing; 2 moves and returns no data; 3 moves and returns one
/// byte; 4 moves and returns 16 KB of `true` words; 5 reverts with 64 KB of data; 6 moves and returns false;
/// 7 moves nothing and returns no data; 8 charges the sender a 10% fee on top of `amount` (burned).
/// Red-team mock.
contract RedteamQuirkyERC20 is ERC20 {
    uint256 public mode;

    constructor() ERC20("Quirky", "QRK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setMode(uint256 m) external {
        mode = m;
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        uint256 m = mode;
        if (m == 0) return super.transfer(to, amount);
        if (m == 1) return false;
        if (m == 7) assembly { return(0, 0) }
        if (m == 5) assembly { revert(0, 65536) }
        if (m == 8) _burn(msg.sender, amount / 10);
        _transfer(msg.sender, to, amount);
        if (m == 2) assembly { return(0, 0) }
        if (m == 3) assembly { mstore(0, shl(248, 1)) return(0, 1) }
        if (m == 4) assembly {
            for { let i := 0 } lt(i, 16384) { i := add(i, 32) } { mstore(i, 1) }
            return(0, 16384)
        }
        if (m == 6) return false;
        return true;
    }
}
