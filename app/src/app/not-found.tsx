import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page here. <Link href="/">See all auctions.</Link></p>
    </>
  );
}
