"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ConnectMenu } from "./ConnectMenu";

/**
 * Navigation. The mechanism lab (/lab) is built separately: its entry is reserved here and switched on by
 * setting `ready: true` once its page exists.
 */
const NAV: { href: string; label: string; ready: boolean }[] = [
  { href: "/", label: "Auctions", ready: true },
  { href: "/create", label: "Create", ready: true },
  { href: "/my-bids", label: "My bids", ready: true },
  { href: "/audit", label: "Audit", ready: true },
  { href: "/lab", label: "Lab", ready: true },
];

export function Header() {
  const path = usePathname();
  const active = (href: string) => (href === "/" ? path === "/" || path.startsWith("/auctions") || (path.startsWith("/kunit/") && path !== "/kunit/create") : href === "/create" ? path === "/create" || path === "/kunit/create" : path.startsWith(href));
  return (
    <header className="header">
      <Link href="/" className="brand" aria-label="Credible Auctions, home">
        <svg viewBox="0 0 64 64" width="28" height="28" aria-hidden="true"><rect width="64" height="64" rx="14" fill="#1f3a5f" /><path d="M18 40l14-22 14 22z" fill="none" stroke="#f5c451" strokeWidth="5" strokeLinejoin="round" /><rect x="16" y="44" width="32" height="6" rx="3" fill="#f5c451" /></svg>
        <span>Credible Auctions</span>
      </Link>
      {/* min-width 0: on phones the list scrolls inside the nav instead of widening the page. */}
      <nav aria-label="Main" className="nav" style={{ minWidth: 0 }}>
        <ul>
          {NAV.filter((n) => n.ready).map((n) => (
            <li key={n.href}>
              <Link href={n.href} aria-current={active(n.href) ? "page" : undefined}>{n.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <ConnectMenu />
    </header>
  );
}
