import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // End-to-end tests spawn real peers (varlink-go-certification) and compile generated code;
    // they are bounded by their own timeouts, this is only the backstop.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
