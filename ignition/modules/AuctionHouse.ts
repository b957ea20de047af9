import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The whole deployment: one AuctionHouse, no constructor arguments, no owner to configure. */
export default buildModule("AuctionHouseModule", (m) => {
  const auctionHouse = m.contract("AuctionHouse");
  return { auctionHouse };
});
