/**
 * Size budget of the shipped runtime (STYLE.md section 7): an esbuild bundle of
 * src/runtime/index.ts, minified. It was 24-25 KiB when the budget was set; raise the budget
 * deliberately, in review, not to make a growing bundle pass.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Raised from 32 KiB for issue 10 (UAPI.20: header validation, vendor extensions, upgrade: about
// 5.5 KiB; 29.3 KiB before, 34.9 KiB after). For review by the lead.
const BUDGET_BYTES = 36 * 1024;

describe("runtime bundle size", () => {
  it(`stays under ${BUDGET_BYTES / 1024} KiB minified`, async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL("../../src/runtime/index.ts", import.meta.url))],
      bundle: true,
      minify: true,
      platform: "node",
      format: "esm",
      write: false,
      logLevel: "silent",
    });
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    expect(bytes).toBeGreaterThan(1024);
    expect(bytes).toBeLessThan(BUDGET_BYTES);
  });
});
