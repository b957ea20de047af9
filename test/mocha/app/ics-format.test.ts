import { expect } from "chai";
import { revealReminderIcs } from "../../../app/src/core/ics.js";
import { explorerTx, formatAmount, formatChainTime, parseAmount, shortAddress } from "../../../app/src/core/format.js";
import { saltFromSignature, saltTypedData } from "../../../app/src/core/salt-recovery.js";

describe("app/core ics: reveal reminders without secrets", () => {
  const ics = revealReminderIcs({
    auctionId: 4n, chainName: "Hardhat", auctionHouse: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    revealStart: 1_800_000_000, revealEnd: 1_800_003_600, url: "http://127.0.0.1:3000/auctions/4", role: "bid", stamp: 1_799_000_000,
  });
  it("is a valid VEVENT spanning the reveal window in UTC", () => {
    expect(ics).to.match(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).to.contain("DTSTART:20270115T080000Z\r\n");
    expect(ics).to.contain("DTEND:20270115T090000Z\r\n");
    expect(ics).to.contain("SUMMARY:Reveal your bid: auction #4");
    expect(ics).to.contain("TRIGGER;RELATED=END:-PT2H");
    expect(ics.trimEnd().endsWith("END:VCALENDAR")).to.equal(true);
  });
  it("contains no salt, amount or 32-byte hex value", () => {
    expect(ics).to.not.match(/0x[0-9a-f]{64}/i);
    expect(ics).to.not.match(/salt:|amount/i);
  });
});

describe("app/core format", () => {
  it("formats and parses amounts in token units", () => {
    expect(formatAmount(1_500_000_000_000_000_000n, 18, "ETH")).to.equal("1.5 ETH");
    expect(formatAmount(1_000_000n * 10n ** 18n, 18, "DUSD")).to.equal("1,000,000 DUSD");
    expect(formatAmount(1n, 18, "ETH")).to.equal("≈0 ETH");
    expect(parseAmount("1.5", 18)).to.equal(1_500_000_000_000_000_000n);
    expect(parseAmount(".5", 6)).to.equal(500_000n);
    expect(parseAmount("1,000", 0)).to.equal(1000n);
    expect(parseAmount("1.2345678", 6)).to.equal(null);
    expect(parseAmount("-1", 18)).to.equal(null);
    expect(parseAmount("abc", 18)).to.equal(null);
  });
  it("shortens addresses, builds explorer links only when the chain has one, prints chain time in UTC", () => {
    expect(shortAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")).to.equal("0x5FbD…0aa3");
    expect(explorerTx(undefined, "0xab")).to.equal(null);
    expect(explorerTx({ blockExplorers: { default: { name: "E", url: "https://sepolia.etherscan.io/" } } }, "0xab")).to.equal("https://sepolia.etherscan.io/tx/0xab");
    expect(formatChainTime(1_800_000_000)).to.equal("2027-01-15 08:00 UTC");
  });
});

describe("app/core salt-recovery", () => {
  it("binds the typed data to chain, contract, auction and account; the salt is the signature's hash", () => {
    const td = saltTypedData({ chainId: 31337, auctionHouse: "0x5FbDB2315678afecb367f032d93F642f64180aa3", auctionId: 3n, account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", role: "bid" });
    expect(td.domain).to.deep.include({ chainId: 31337, verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3" });
    expect(td.message.auctionId).to.equal(3n);
    expect(saltFromSignature("0x1234")).to.match(/^0x[0-9a-f]{64}$/);
    expect(saltFromSignature("0x1234")).to.not.equal(saltFromSignature("0x1235"));
  });
});
