/**
 * `jose` is loaded only by `@varlink-codegen/runtime/jwt`: importing the core runtime (as built,
 * in a child process whose module loads are traced) does not load it; importing the jwt entry does.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { moduleTrace } from "../helpers/module-trace.js";

function loads(entry: string): string[] {
  const trace = moduleTrace();
  const url = new URL(`../../packages/runtime/dist/${entry}`, import.meta.url).href;
  execFileSync(
    process.execPath,
    [...trace.nodeArgs, "--input-type=module", "-e", `await import(${JSON.stringify(url)});`],
    {
      env: { ...process.env, ...trace.env },
    },
  );
  return trace.urls().filter((u) => u.includes("/node_modules/jose/"));
}

describe("jose is an optional peer", () => {
  it("is not loaded by the core runtime", () => {
    expect(loads("index.js")).toEqual([]);
  });

  it("is loaded by the jwt entry point (the trace sees it)", () => {
    expect(loads("integrations/jwt/index.js").length).toBeGreaterThan(0);
  });
});
