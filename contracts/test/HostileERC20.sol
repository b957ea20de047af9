// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only payment or lot token that turns hostile on demand: it re-enters the house with any call
/// (and records whether that call succeeded), or reverts every transfer to a blocked address.
contract HostileERC20 is ERC20 {
    address public reenterTarget;
    bytes public reenterCall;
    bool public reentryAttempted;
    bool public reentrySucceeded;
    mapping(address => bool) public blocked;

    constructor() ERC20("Hostile Token", "HOST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReentry(address target, bytes calldata data) external {
        reenterTarget = target;
        reenterCall = data;
    }

    function setBlocked(address account, bool isBlocked) external {
        blocked[account] = isBlocked;
    }

    function _update(address from, address to, uint256 value) internal override {
        require(!blocked[to], "blocked");
        if (reenterTarget != address(0) && !reentryAttempted) {
            reentryAttempted = true;
            (bool ok,) = reenterTarget.call(reenterCall);
            reentrySucceeded = ok;
        }
        super._update(from, to, value);
    }
}
