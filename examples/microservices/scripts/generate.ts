/**
 * Generates io.example.user and io.example.order from the fixtures into shared/generated/,
 * importing the runtime package (`--runtime @varlink-codegen/runtime`), with the built CLI
 * (dist/: `npm run build` at the repository root first). A no-op when nothing changed (the
 * CLI's manifest). `npm run generate` here; also used by the image build and the tests.
 * Test files run in parallel and the CLI writes files in place, so generation holds a lock
 * (a directory: mkdir is atomic); a lock older than 10 minutes is a crashed run's and is taken.
 */

const LOCK = join(EXAMPLE_DIR, "shared", ".generate-lock");
const STALE_MS = 10 * 60_000;

function lock(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // Released between the mkdir and the stat: try again.
      }
      // A synchronous 50 ms pause: the other holder is a separate process, nothing here to await.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_DIR } from "./processes.js";

/** Runs the generator (`stdout`: whether its list of files is shown); diagnostics go to stderr, a failure throws. */
export function generateCode(stdout: "inherit" | "ignore" = "ignore"): void {
  lock();
  try {
    generate(stdout);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function generate(stdout: "inherit" | "ignore"): void {
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
