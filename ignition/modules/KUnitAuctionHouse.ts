import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The k-unit house: one KUnitAuctionHouse, no constructor arguments, no owner to configure. */
export default buildModule("KUnitAuctionHouseModule", (m) => {
  const kunitHouse = m.contract("KUnitAuctionHouse");
  return { kunitHouse };
});
