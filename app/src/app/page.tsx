import { AuctionList } from "./_components/AuctionList";

export default function AuctionsPage() {
  return <AuctionList />;
}
