/**
 * Generates io.example.user and io.example.order from the fixtures into shared/generated/,
 * importing the runtime package (`--runtime @varlink-codegen/runtime`), with the built CLI
 * (dist/: `npm run build` at the repository root first). A no-op when nothing changed (the
 * CLI's manifest). `npm run generate` here; also used by the image build and the tests.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { EXAMPLE_DIR } from "./processes.js";

/** Runs the generator (`stdout`: whether its list of files is shown); diagnostics go to stderr, a failure throws. */
export function generateCode(stdout: "inherit" | "ignore" = "ignore"): void {
  execFileSync(
    process.execPath,
    [
      "bin/varlink-codegen.js",
      "generate",
      "fixtures/valid/io.example.user",
      "fixtures/valid/io.example.order",
      "-o",
      "examples/microservices/shared/generated",
      "--runtime",
      "@varlink-codegen/runtime",
    ],
    { cwd: join(EXAMPLE_DIR, "../.."), stdio: ["ignore", stdout, "inherit"] },
  );
}

if (process.argv[1]?.endsWith("generate.ts")) generateCode("inherit");
