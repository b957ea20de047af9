import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { cookieToInitialState } from "wagmi";
import { makeWagmiConfig } from "@/config/wagmi";
import { Header } from "@/components/Header";
import { Notices } from "@/components/Notices";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Credible Auctions", template: "%s · Credible Auctions" },
  description: "Sealed-bid commit-reveal auctions with no privileged keys, burned bonds and an in-browser audit.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const initialState = cookieToInitialState(makeWagmiConfig(), (await headers()).get("cookie"));
  return (
    <html lang="en">
      <body>
        <a className="skip" href="#main">Skip to content</a>
        <Providers initialState={initialState}>
          <Header />
          <Notices />
          <main id="main" className="main">{children}</main>
          <footer className="footer">
            <p>
              No owner, no admin, no upgrade: the contract&apos;s code is all there is. Bids stay hidden until opened, behind a public
              deposit or a hidden one; unopened bids forfeit a bond that is burned. Auction and audit pages are read from the chain by your browser; lists may come from an indexer, and say so.
            </p>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
