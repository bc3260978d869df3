/**
 * grammar/cst.d.ts is generated from the parser's grammar (npm run grammar:dts); this checks
 * that the generator runs on the grammar as the parser builds it and that the committed file
 * has not drifted from it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cstDts, cstDtsUrl } from "../../scripts/cst-dts.js";

describe("grammar/cst.d.ts", () => {
  it("is what the generator makes of the current grammar", async () => {
    expect(await cstDts()).toBe(readFileSync(cstDtsUrl, "utf8"));
  });
});
