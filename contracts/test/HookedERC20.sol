// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A receiver hook as ERC-777 and ERC-1363 tokens call it.
interface ITokenReceiverHook {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @notice Test-only ERC-20 that calls a hook on every receiver registered for one (as ERC-777 does through
/// its registry), forwarding all gas it has and reverting when the hook reverts: a receiver can burn whatever
/// gas a transfer to it is given (rule 13).
contract HookedERC20 is ERC20 {
    mapping(address => bool) public hasHook;

    constructor() ERC20("Hooked Token", "HOOK") {}

    function setHook(address receiver, bool on) external {
        hasHook[receiver] = on;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (hasHook[to]) ITokenReceiverHook(to).onTokenReceived(from, value);
    }
}
