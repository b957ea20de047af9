import { AuctionList } from "./_components/AuctionList";
import { KUnitList } from "./_components/KUnitList";
import { RpcGate } from "@/components/RpcGate";

export default function AuctionsPage() {
  return <RpcGate><AuctionList /><KUnitList /></RpcGate>;
}
