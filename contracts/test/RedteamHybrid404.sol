// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Test-only hybrid ERC-20/ERC-721 with ERC-404 v1 (Pandora, 2024) semantics: one contract, one
/// `transferFrom(from, to, amountOrId)` that moves NFT `amountOrId` (with one unit) when it is a minted id, and
/// `amountOrId` fungible units otherwise. Holding whole units mints NFTs to the holder; losing whole units burns
/// the holder's most recently received NFTs (LIFO). No ERC-165. Red-team mock.
contract RedteamHybrid404 {
    uint256 public constant UNIT = 1e18;
    uint256 public minted;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    mapping(uint256 => address) internal _ownerOf;
    mapping(uint256 => address) public getApproved;
    mapping(address => mapping(address => bool)) public isApprovedForAll;
    mapping(address => uint256[]) internal _owned;
    mapping(uint256 => uint256) internal _ownedIndex;

    function ownerOf(uint256 id) external view returns (address owner) {
        owner = _ownerOf[id];
        require(owner != address(0), "not found");
    }

    function owned(address holder) external view returns (uint256[] memory) {
        return _owned[holder];
    }

    /// @dev Mints `units` whole units to `to`, with one NFT per unit.
    function mintUnits(address to, uint256 units) external {
        uint256 before = balanceOf[to];
        balanceOf[to] = before + units * UNIT;
        for (uint256 i; i < units; ++i) _mint(to);
    }

    function approve(address spender, uint256 amountOrId) external returns (bool) {
        if (amountOrId <= minted && amountOrId > 0) {
            address owner = _ownerOf[amountOrId];
            require(msg.sender == owner || isApprovedForAll[owner][msg.sender], "unauthorized");
            getApproved[amountOrId] = spender;
        } else {
            allowance[msg.sender][spender] = amountOrId;
        }
        return true;
    }

    function setApprovalForAll(address operator, bool yes) external {
        isApprovedForAll[msg.sender][operator] = yes;
    }

    function transferFrom(address from, address to, uint256 amountOrId) public returns (bool) {
        if (amountOrId <= minted) {
            require(from == _ownerOf[amountOrId], "invalid sender");
            require(to != address(0), "invalid recipient");
            require(
                msg.sender == from || isApprovedForAll[from][msg.sender] || msg.sender == getApproved[amountOrId],
                "unauthorized"
            );
            balanceOf[from] -= UNIT;
            balanceOf[to] += UNIT;
            _ownerOf[amountOrId] = to;
            delete getApproved[amountOrId];
            uint256 last = _owned[from][_owned[from].length - 1];
            _owned[from][_ownedIndex[amountOrId]] = last;
            _owned[from].pop();
            _ownedIndex[last] = _ownedIndex[amountOrId];
            _owned[to].push(amountOrId);
            _ownedIndex[amountOrId] = _owned[to].length - 1;
        } else {
            uint256 allowed = allowance[from][msg.sender];
            if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amountOrId;
            _transfer(from, to, amountOrId);
        }
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _transfer(msg.sender, to, amount);
        return true;
    }

    function safeTransferFrom(address from, address to, uint256 id) external {
        transferFrom(from, to, id);
    }

    function _transfer(address from, address to, uint256 amount) internal {
        uint256 fromBefore = balanceOf[from];
        uint256 toBefore = balanceOf[to];
        balanceOf[from] = fromBefore - amount;
        balanceOf[to] = toBefore + amount;
        uint256 burns = fromBefore / UNIT - balanceOf[from] / UNIT;
        for (uint256 i; i < burns; ++i) _burn(from);
        uint256 mints = balanceOf[to] / UNIT - toBefore / UNIT;
        for (uint256 i; i < mints; ++i) _mint(to);
    }

    function _mint(address to) internal {
        uint256 id = ++minted;
        _ownerOf[id] = to;
        _owned[to].push(id);
        _ownedIndex[id] = _owned[to].length - 1;
    }

    function _burn(address from) internal {
        uint256 id = _owned[from][_owned[from].length - 1];
        _owned[from].pop();
        delete _ownedIndex[id];
        delete _ownerOf[id];
        delete getApproved[id];
    }
}
