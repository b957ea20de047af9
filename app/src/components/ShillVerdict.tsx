import type { AuctionCredibility } from "@/core/credible";
import { Note } from "./bits";

/**
 * Rule 15 for bidders: whether shill bids can raise the price in this auction, why, and under what value
 * assumption (core/credible.ts auctionCredibility); and the reveal-window censorship warning when it applies.
 * `compact`: the headline, with the reason behind a "Why" (next to the commit form, where the terms card has it in full).
 */
export function ShillVerdict({ credibility, testId, compact = false }: { credibility: AuctionCredibility; testId: string; compact?: boolean }) {
  const { shill, censorship } = credibility;
  return (
    <>
      <Note tone={shill.verdict === "shill-proof" ? "ok" : "warn"}>
        {compact ? (
          <>
            <p data-testid={testId}><strong>{shill.headline}.</strong></p>
            <details>
              <summary>Why, and for which values</summary>
              <p data-testid={`${testId}-detail`}>{shill.detail}</p>
            </details>
          </>
        ) : (
          <p data-testid={testId}><strong>{shill.headline}.</strong> {shill.detail}</p>
        )}
      </Note>
      {censorship ? <Note tone="warn"><p data-testid={`${testId}-censorship`}>{censorship}</p></Note> : null}
    </>
  );
}
