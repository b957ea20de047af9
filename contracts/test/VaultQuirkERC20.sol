// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only payment token that misbehaves towards one account (a vault) on demand, while `transferFrom`
/// (bonds) and everything else stay standard. Modes for `transfer` from `quirkyHolder`: 0 standard; 1 delivers 90% (a 10%
/// fee burned); 2 reverts; 3 moves and returns false. `balanceOf(quirkyHolder)` reports half the real balance when
/// `lieAboutBalance` is set.
contract VaultQuirkERC20 is ERC20 {
    address public quirkyHolder;
    uint256 public mode;
    bool public lieAboutBalance;

    constructor() ERC20("Vault Quirk", "VQK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function configure(address quirkyHolder_, uint256 mode_, bool lie) external {
        (quirkyHolder, mode, lieAboutBalance) = (quirkyHolder_, mode_, lie);
    }

    function balanceOf(address account) public view override returns (uint256) {
        uint256 real = super.balanceOf(account);
        return account == quirkyHolder && lieAboutBalance ? real / 2 : real;
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        if (msg.sender != quirkyHolder || mode == 0) return super.transfer(to, amount);
        if (mode == 2) revert("refused");
        if (mode == 1) {
            uint256 fee = amount / 10;
            _burn(msg.sender, fee);
            _transfer(msg.sender, to, amount - fee);
            return true;
        }
        _transfer(msg.sender, to, amount);
        return false;
    }
}
