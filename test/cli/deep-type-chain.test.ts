/**
 * No recursion whose depth the input controls: a chain of 5,000 named types (`T0 (next: ?T1)`,
 * `T1 (next: ?T2)`, ...) goes through `generate`, `validate`, `format` and `breaking`. Before,
 * `generate` failed from ~1,500 types with `internal error ... RangeError: Maximum call stack
 * size exceeded` (exit 70): the validator emitter followed refs recursively.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { runCli, tempDir } from "../helpers/cli.js";
import { spawningTestTimeout } from "../helpers/time-limits.js";

const LENGTH = 5000;

/** The chain; `last` is the body of the last type (a leaf, or a ref back to the start). */
function chain(last: string): string {
  const lines = ["interface org.example.chain", ""];
  for (let i = 0; i < LENGTH - 1; i++) lines.push(`type T${i} (next: ?T${i + 1})`, "");
  lines.push(`type T${LENGTH - 1} ${last}`, "", "method Get() -> (head: T0)", "");
  return lines.join("\n");
}

let temp: ReturnType<typeof tempDir>;
beforeAll(() => {
  temp = tempDir("vlc-chain-");
  temp.write("chain.varlink", chain("(end: bool)"));
  temp.write("changed/chain.varlink", chain("(end: string)"));
  temp.write("cycle/chain.varlink", chain("(back: [string]T0)"));
});
afterAll(() => temp.remove());

it(
  "generate (a chain, and a chain that closes into a cycle)",
  () => {
    // The default formatter (the emitter): prettier on 5,000 types takes minutes.
    for (const input of ["chain.varlink", "cycle/chain.varlink"]) {
      const r = runCli(["generate", input, "-o", `out-${input.length}`], temp.dir);
      expect([input, r.stderr, r.code]).toEqual([input, "", 0]);
    }
  },
  spawningTestTimeout(2),
);

it(
  "validate, format, breaking",
  () => {
    const validate = runCli(["validate", "chain.varlink"], temp.dir);
    expect([validate.stderr, validate.code]).toEqual(["", 0]);
    const format = runCli(["format", "chain.varlink"], temp.dir);
    expect([format.stderr, format.code]).toEqual(["", 0]);
    expect(format.stdout).toBe(chain("(end: bool)"));
    const breaking = runCli(["breaking", "chain.varlink", "changed/chain.varlink"], temp.dir);
    expect(breaking.stderr).toBe("");
    expect(breaking.stdout).toContain(`'T${LENGTH - 1}.end' changed from bool to string`);
    expect(breaking.code).toBe(1);
  },
  spawningTestTimeout(3),
);
