/**
 * Rule 15 in the browser: Create starts from the credible second-price defaults for the seller's value
 * assumption and warns, with the number, when the chosen terms are not shill-proof; auction pages tell bidders
 * the verdict from the on-chain terms before they commit.
 */
import type { Actor } from "./browser.js";
import { shot, step, waitText } from "./browser.js";
import { assert } from "./report.js";

/** On the Create page (lot filled in): the defaults, the warning for a small bond with its number, then restored. */
export async function createShillWarningStep(seller: Actor) {
  await step("Create defaults to second price with public reserve r* and bond f* for the value assumption; a bond below f* shows the warning with its number; restored", async () => {
    const p = seller.page;
    const check = p.getByTestId("shill-check");
    assert(await p.getByLabel(/Second price \(Vickrey\)/).isChecked(), "the format does not default to second price");
    assert(await p.getByLabel("Public floor, visible to all").isChecked(), "the reserve does not default to a public floor");
    const fields = async () => [await p.getByLabel(/^Public floor \(/).inputValue(), await p.getByLabel("Bond (ETH)").inputValue()].join(" / ");
    assert(await fields() === "0.5 / 0.5", `floor / bond default to ${await fields()}, not r* = f* = 0.5 for uniform 0–1 ETH, 5 bidders`);
    await waitText(p.getByTestId("credible-defaults"), /For bidders' values uniform from 0 to 1 ETH and 5 bidders: second price with a public reserve of 0\.5 ETH and\s+a bond of 0\.5 ETH is shill-proof\. These are your settings\./);
    await waitText(check, /^Shill-proof under this assumption: with a public reserve of 0\.5 ETH and a bond of 0\.5 ETH/);

    await p.getByLabel("Bond (ETH)").fill("0.1");
    await waitText(check, /^Not shill-proof: with a bond of 0\.1 ETH and a public reserve of 0\.5 ETH, a seller's shill bids could expect to gain 0\.035 ETH per auction; the shill-proof bond is 0\.5 ETH\.$/);
    await waitText(p.getByTestId("bond-hint"), /Shill-proof bond at this reserve, under your value assumption: 0\.5 ETH/);
    await shot(seller, "03c-create-shill-warning.png");
    await p.setViewportSize({ width: 390, height: 844 });
    await p.locator("#credible").scrollIntoViewIfNeeded();
    const overflow = await p.evaluate("document.documentElement.scrollWidth - window.innerWidth") as number;
    await shot(seller, "03d-create-shill-warning-phone.png", false);
    await p.setViewportSize({ width: 1280, height: 900 });
    assert(overflow <= 1, `the create page is ${overflow}px wider than a phone screen`);

    // A sealed reserve does not count; first price cannot be shill-raised; the value assumption moves r* and f*.
    await p.getByLabel("Sealed reserve, hidden until you open it").check();
    await p.getByLabel(/^Public floor \(/).fill("");
    await waitText(check, /^Not shill-proof: without a public reserve and a bond of 0\.1 ETH, .* per auction, and no bond prevents it[\s\S]*A sealed reserve does not count: only a public reserve does\.$/);
    await p.getByLabel(/First price: the winner pays its own bid/).check();
    await waitText(check, /^First price cannot be shill-raised/);
    await p.getByLabel(/^Highest value \(/).fill("4");
    await waitText(p.getByTestId("credible-defaults"), /uniform from 0 to 4 ETH and 5 bidders: second price with a public reserve of 2 ETH and\s+a bond of 2 ETH is shill-proof/);
    await p.getByLabel(/^Highest value \(/).fill("1");

    await p.getByTestId("use-credible").click();
    await waitText(check, /^Shill-proof under this assumption/);
    assert(await p.getByLabel(/Second price \(Vickrey\)/).isChecked() && await p.getByLabel("Public floor, visible to all").isChecked(), "\"Use these settings\" did not restore second price with a public floor");
    assert(await fields() === "0.5 / 0.5", `restored floor / bond are ${await fields()}`);
  });
}

/** An auction page states the verdict in its terms card and (while bids are taken) next to the commit form. */
export async function auctionShillVerdictStep(actor: Actor, url: string, what: string, verdict: { headline: string; detail: RegExp }, file: string) {
  await step(`the auction page tells bidders before they commit: ${what}`, async () => {
    const p = actor.page;
    const headline = verdict.headline.replace(/[()]/g, "\\$&");
    await p.goto(url);
    const terms = await waitText(p.locator("#terms").getByTestId("shill-verdict"), new RegExp(`^${headline}\\. `));
    assert(verdict.detail.test(terms), `the terms card says "${terms}", not ${verdict.detail}`);
    // Next to the commit form: the headline, with the reason one click away.
    await waitText(p.locator("#commit").getByTestId("commit-shill-verdict"), new RegExp(`^${headline}\\.$`));
    await p.locator("#commit summary", { hasText: "Why" }).click();
    await waitText(p.locator("#commit").getByTestId("commit-shill-verdict-detail"), verdict.detail);
    assert(await p.getByTestId("shill-verdict-censorship").count() === 0, "a censorship warning is shown on the local chain");
    await shot(actor, file);
  });
}
