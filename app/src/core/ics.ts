/**
 * An .ics calendar reminder for a reveal window. It carries the auction, the window and a link, and never a
 * salt or an amount: a calendar is not a safe place for a bid secret.
 */
export interface RevealReminder {
  auctionId: bigint;
  chainName: string;
  auctionHouse: string;
  /** Chain timestamps (seconds). On a public chain they are wall-clock UTC. */
  revealStart: number;
  revealEnd: number;
  url: string;
  role: "bid" | "reserve";
  /** Creation stamp (seconds); passed in so output is deterministic. */
  stamp: number;
}

function icsDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function escapeText(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

export function revealReminderIcs(r: RevealReminder): string {
  const what = r.role === "reserve" ? "Open your sealed reserve" : "Reveal your bid";
  const uid = `reveal-${r.chainName.replace(/\W+/g, "-")}-${r.auctionHouse.toLowerCase()}-${r.auctionId}@credible-auction`;
  const description = [
    `${what} in auction #${r.auctionId} on ${r.chainName} before the reveal window closes.`,
    `An unopened ${r.role === "reserve" ? "reserve" : "bid"} forfeits its bond, which is burned.`,
    `Open the app: ${r.url}`,
    "Your secret stays in your browser or your downloaded receipt; it is not in this reminder.",
  ].join("\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//credible-auction//reveal reminder//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    `DTSTAMP:${icsDate(r.stamp)}`,
    `DTSTART:${icsDate(r.revealStart)}`,
    `DTEND:${icsDate(r.revealEnd)}`,
    `SUMMARY:${escapeText(`${what}: auction #${r.auctionId}`)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${r.url}`,
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    `DESCRIPTION:${escapeText(`${what}: auction #${r.auctionId}`)}`,
    "TRIGGER;RELATED=END:-PT2H",
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.join("\r\n") + "\r\n";
}
