import type { AuctionCredibility } from "@/core/credible";
import { Note } from "./bits";

/**
 * Rule 15 for bidders: whether shill bids can raise the price in this auction, why, and under what value
 * assumption (core/credible.ts auctionCredibility); and the reveal-window censorship warning when it applies.
 */
export function ShillVerdict({ credibility, testId }: { credibility: AuctionCredibility; testId: string }) {
  const { shill, censorship } = credibility;
  return (
    <>
      <Note tone={shill.verdict === "shill-proof" ? "ok" : "warn"}>
        <p data-testid={testId}><strong>{shill.headline}.</strong> {shill.detail}</p>
      </Note>
      {censorship ? <Note tone="warn"><p data-testid={`${testId}-censorship`}>{censorship}</p></Note> : null}
    </>
  );
}
