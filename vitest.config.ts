import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const runtimeSource = new URL("./packages/runtime/src/index.ts", import.meta.url);

// Time limits only turn a hang into a failure; on a slower machine scale them all
// (VLC_TEST_TIME_SCALE, as test/helpers/time-limits.ts does; docs/hardening.md).
const scale = Number(process.env["VLC_TEST_TIME_SCALE"] ?? "") || 1;

export default defineConfig({
  // One copy of the runtime: `@varlink-codegen/runtime` (imported by src/cli) is its TypeScript
  // source, the same module tests import relatively, never packages/runtime/dist beside it (two
  // copies break instanceof). tsconfig's customConditions does the same for typecheck.
  resolve: {
    alias: [
      { find: /^@varlink-codegen\/runtime$/, replacement: fileURLToPath(runtimeSource) },
      // The browser entry (package.json "exports": ./browser, and the browser condition on ".").
      {
        find: /^@varlink-codegen\/runtime\/browser$/,
        replacement: fileURLToPath(new URL("./packages/runtime/src/browser.ts", import.meta.url)),
      },
      // The HTTP front's entry point (package.json "exports": ./http).
      {
        find: /^@varlink-codegen\/runtime\/http$/,
        replacement: fileURLToPath(new URL("./packages/runtime/src/http/index.ts", import.meta.url)),
      },
      // The integration entry points (package.json "exports": ./jwt, ./otel, ./prometheus).
      {
        find: /^@varlink-codegen\/runtime\/(jwt|otel|prometheus)$/,
        replacement: fileURLToPath(
          new URL("./packages/runtime/src/integrations/$1/index.ts", import.meta.url),
        ),
      },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    // The Node transports behind the client's seam (index.ts installs them; tests importing
    // internals directly need them too).
    setupFiles: ["test/setup/node-platform.ts"],
    // End-to-end tests spawn real peers (varlink-go-certification) and compile generated code;
    // those give themselves explicit, longer timeouts. This is the backstop for the rest, far
    // beyond what a loaded 2-core machine needs (hooks compile generated projects with tsc).
    testTimeout: 300_000 * scale,
    hookTimeout: 600_000 * scale,
    pool: "forks",
  },
});
