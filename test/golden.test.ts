/**
 * Golden files: the generated module of every valid fixture, compared with
 * `fixtures/valid/<case>/expected*\/`. Refresh with `npm run golden:update` and review the diff.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generate } from "../src/generator/index.js";
import { loadInterface } from "../src/model/index.js";
import { fixtureSource } from "./frontend/helpers.js";
import { generateCase, goldenCases, goldenVersion } from "./helpers/golden-cases.js";

describe("generated code matches the golden files", () => {
  it.each(goldenCases().map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const files = (await generateCase(c)).filter((f) => !f.path.startsWith("runtime/"));
    expect(files.map((f) => f.path)).toEqual([`${c.fixture}.ts`]);
    // Outside `-u`, vitest writes a missing snapshot file and passes: a golden must exist first.
    const updating = expect.getState().snapshotState.snapshotUpdateState === "all";
    for (const file of files) {
      const golden = `${c.expectedDir}/${file.path}`;
      if (!updating) expect(existsSync(golden), `${golden} is missing: npm run golden:update`).toBe(true);
      await expect(file.text).toMatchFileSnapshot(`../${golden}`);
    }
  });
});

describe("determinism", () => {
  it("generates byte-identical output twice, runtime included", async () => {
    const [c] = goldenCases().filter((g) => g.fixture === "org.varlink.certification");
    const first = await generateCase(c!);
    const second = await generateCase(c!);
    expect(second).toEqual(first);
    expect(first.some((f) => f.path === "runtime/validate/validate.ts")).toBe(true);
    for (const f of first) expect(f.text).not.toMatch(/\/work\/|\d{4}-\d\d-\d\dT/);
  });

  it("generates each module the same whatever the order of the inputs", async () => {
    const interfaces = ["org.example.more", "org.varlink.service", "io.example.user"].map(
      (name) => loadInterface(fixtureSource("valid", name)).value!,
    );
    const byPath = async (list: typeof interfaces) =>
      new Map(
        (await generate({ interfaces: list, options: { version: goldenVersion } })).value.map((f) => [
          f.path,
          f.text,
        ]),
      );
    expect(await byPath([...interfaces].reverse())).toEqual(await byPath(interfaces));
  });
});
