/**
 * The deployed microservice example (examples/microservices) for tests: generates its code
 * (`npm run generate` there, the CLI from dist/: pretest builds) and re-exports its process
 * launcher. Generation is a no-op when nothing changed (the CLI's manifest), so each test file
 * may ask for it.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { EXAMPLE_DIR } from "../../examples/microservices/scripts/processes.js";

export * from "../../examples/microservices/scripts/processes.js";

/** Generates io.example.user and io.example.order into the example's shared/generated/. */
export function generateExample(): void {
  execFileSync(
    process.execPath,
    [
      join(EXAMPLE_DIR, "../../bin/varlink-codegen.js"),
      "generate",
      "fixtures/valid/io.example.user",
      "fixtures/valid/io.example.order",
      "-o",
      "examples/microservices/shared/generated",
      "--runtime",
      "@varlink-codegen/runtime",
    ],
    { cwd: join(EXAMPLE_DIR, "../.."), stdio: ["ignore", "ignore", "pipe"] },
  );
}
