/**
 * The V8 tier cap of a short `generate` (src/cli/generate/tiering.ts): applied below the size
 * limit only, and with a flag every supported Node accepts (V8 prints "unrecognized flag" to
 * stderr otherwise, which a spawned run would show: the generate tests assert an empty stderr
 * on Node 20 and 24, and this test runs the flag on each Node it can find).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SHORT_RUN_SOURCE_BYTES, SHORT_RUN_V8_FLAG } from "../../src/cli/generate/tiering.js";
import { PROCESS_LIMIT_MS } from "../helpers/time-limits.js";

const nodes = [process.execPath, process.env["VARLINK_NODE22"], process.env["VARLINK_NODE24"]].filter(
  (n): n is string => n !== undefined && n !== "",
);

describe("the tier cap of a short generate", () => {
  it.each([
    [0, true],
    [SHORT_RUN_SOURCE_BYTES - 1, true],
    [SHORT_RUN_SOURCE_BYTES, false],
    [10 * SHORT_RUN_SOURCE_BYTES, false],
  ])("source length %i: capped %s", (length, capped) => {
    // In a child, so the flag does not slow the rest of this test file.
    const script = `import("${new URL("../../src/cli/generate/tiering.ts", import.meta.url).pathname}").then(m => process.stdout.write(String(m.capOptimisingTierForShortRun(${length}))))`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {
      encoding: "utf8",
      timeout: PROCESS_LIMIT_MS,
    });
    expect({ stdout: r.stdout, stderr: r.stderr }).toEqual({ stdout: String(capped), stderr: "" });
  });

  it.each(nodes)("%s accepts the flag without a word on stderr", (node) => {
    const r = spawnSync(
      node,
      ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(SHORT_RUN_V8_FLAG)})`],
      {
        encoding: "utf8",
        timeout: PROCESS_LIMIT_MS,
      },
    );
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });
});
