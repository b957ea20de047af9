import type { Metadata } from "next";
import { MyBids } from "./_components/MyBids";

export const metadata: Metadata = { title: "My bids" };

export default function MyBidsPage() {
  return <MyBids />;
}
