/**
 * Golden files: the generated module of every valid fixture, compared with
 * `fixtures/valid/<case>/expected*\/`. Refresh with `npm run golden:update` and review the diff.
 */
import { describe, expect, it } from "vitest";
import { generateCase, goldenCases } from "./helpers/golden-cases.js";

describe("generated code matches the golden files", () => {
  it.each(goldenCases().map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const files = (await generateCase(c)).filter((f) => !f.path.startsWith("runtime/"));
    expect(files.map((f) => f.path)).toEqual([`${c.fixture}.ts`]);
    for (const file of files) {
      await expect(file.text).toMatchFileSnapshot(`../${c.expectedDir}/${file.path}`);
    }
  });
});

describe("determinism", () => {
  it("generates byte-identical output twice, runtime included", async () => {
    const [c] = goldenCases().filter((g) => g.fixture === "org.varlink.certification");
    const first = await generateCase(c!);
    const second = await generateCase(c!);
    expect(second).toEqual(first);
    expect(first.some((f) => f.path === "runtime/validate.ts")).toBe(true);
    for (const f of first) expect(f.text).not.toMatch(/\/work\/|\d{4}-\d\d-\d\dT/);
  });
});
