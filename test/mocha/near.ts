/**
 * `expect(x).to.be.near(y, delta)` for plain numbers. Hardhat's chai matchers replace chai's `closeTo` with a
 * bigint-only version once any test connects to a network, so numeric tests must not rely on `closeTo`.
 */
import * as chai from "chai";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    interface Assertion {
      near(expected: number, delta: number): Assertion;
    }
  }
}

chai.use((c, utils) => {
  c.Assertion.addMethod("near", function (this: Chai.AssertionStatic, expected: number, delta: number) {
    const actual = utils.flag(this, "object") as number;
    this.assert(
      typeof actual === "number" && Math.abs(actual - expected) <= delta,
      `expected ${actual} to be within ${delta} of ${expected}`,
      `expected ${actual} not to be within ${delta} of ${expected}`,
      expected,
      actual,
    );
  });
});
