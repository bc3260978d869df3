/**
 * Every fixtures/invalid/<case> must be rejected, and its rendered diagnostics (no colour) must
 * match expected.txt exactly. Update with `npm run diagnostics:update`, then read the diff.
 */
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { loadInterface } from "../../src/model/index.js";
import { fixtureCases, fixtureSource, fixturesDir } from "./helpers.js";

describe("invalid fixtures", () => {
  it.each(fixtureCases("invalid"))("%s", async (name) => {
    const result = loadInterface(fixtureSource("invalid", name));
    expect(result.value).toBeUndefined();
    expect(hasErrors(result.diagnostics)).toBe(true);
    await expect(renderDiagnostics(result.diagnostics)).toMatchFileSnapshot(
      `${fixturesDir}invalid/${name}/expected.txt`,
    );
  });

  it("has at least 30 cases", () => {
    expect(fixtureCases("invalid").length).toBeGreaterThanOrEqual(30);
  });
});
