import { expect } from "chai";
import { parseEther, type Hex } from "viem";
import { recoverableFromVault, vaultStanding, type VaultBidder } from "../../../lib/vault.js";

const C1 = `0x${"11".repeat(32)}` as Hex;
const C2 = `0x${"22".repeat(32)}` as Hex;
const BOND = parseEther("0.1");
const bid = parseEther("1");
const hidden = (over: Partial<VaultBidder> = {}): VaultBidder => ({ hidden: true, commitment: C1, deposit: BOND, swept: 0n, opening: null, ...over });
const none = { amount: 0n, ethAmount: 0n };

describe("lib/vault: where a hidden deposit's vault stands (auction:vault and the app)", () => {
  it("sealed: bond + what the vault holds against the bid, with the shortfall", () => {
    expect(vaultStanding(hidden(), { commitment: C1, amount: bid }, parseEther("0.4"))).to.deep.equal({ kind: "sealed", covers: parseEther("0.5"), shortBy: parseEther("0.5") });
    expect(vaultStanding(hidden(), { commitment: C1, amount: bid }, parseEther("0.9"))).to.deep.equal({ kind: "sealed", covers: bid, shortBy: 0n });
    expect(vaultStanding(hidden(), { commitment: C1.toUpperCase().replace("0X", "0x") as Hex, amount: bid }, parseEther("2"))).to.deep.equal({ kind: "sealed", covers: parseEther("2.1"), shortBy: 0n });
  });

  it("opened: what the sweep counted; a balance now means it was funded after its opening", () => {
    const opened = hidden({ swept: parseEther("1.4"), opening: { valid: true } });
    expect(vaultStanding(opened, { commitment: C1, amount: bid }, 0n)).to.deep.equal({ kind: "opened", swept: parseEther("1.4"), valid: true, fundedAfterOpening: false });
    expect(vaultStanding(opened, { commitment: C1, amount: bid }, 1n)).to.include({ kind: "opened", fundedAfterOpening: true });
  });

  it("no commitment, a public deposit, or another commitment's receipt: the vault is not this bid's", () => {
    expect(vaultStanding(undefined, { commitment: C1, amount: bid }, 5n).kind).to.equal("no-commitment");
    expect(vaultStanding(hidden({ hidden: false }), { commitment: C1, amount: bid }, 5n).kind).to.equal("plain");
    expect(vaultStanding(hidden({ commitment: C2 }), { commitment: C1, amount: bid }, 5n).kind).to.equal("replaced");
  });

  it("recoverable: the vault's balances, plus what the opening set aside until a recovery took it", () => {
    const setAside = { amount: 3n, ethAmount: 7n };
    expect(recoverableFromVault(undefined, { amount: 2n, ethAmount: 1n })).to.deep.equal({ amount: 2n, ethAmount: 1n });
    expect(recoverableFromVault({ setAside, recovered: none }, { amount: 2n, ethAmount: 0n })).to.deep.equal({ amount: 5n, ethAmount: 7n });
    expect(recoverableFromVault({ setAside, recovered: { amount: 3n, ethAmount: 7n } }, { amount: 2n, ethAmount: 0n })).to.deep.equal({ amount: 2n, ethAmount: 0n });
    expect(recoverableFromVault({ setAside: none, recovered: none }, none)).to.deep.equal(none);
  });
});
