// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only ERC-20 with open minting and a receiver "hook" that burns gas: every transfer to an account
/// with `burnOnReceive` set burns that much gas, or every unit it was given if that is less (then it runs out of
/// gas and the transfer fails). It stands in for a token whose receiver hooks let a bidder burn a third party's
/// gas inside a reveal (rule 13).
contract GasBurningHookERC20 is ERC20 {
    mapping(address account => uint256 gasToBurn) public burnOnReceive;

    constructor() ERC20("Hooked", "HOOK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBurnOnReceive(address account, uint256 gasToBurn) external {
        burnOnReceive[account] = gasToBurn;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        uint256 burn = burnOnReceive[to];
        if (burn != 0 && from != address(0)) {
            uint256 g = gasleft();
            uint256 stop = g > burn ? g - burn : 0;
            while (gasleft() > stop) {}
        }
    }
}
