// Lint config: typescript-eslint's recommended rules, plus the one architectural rule we care
// about most: the wire runtime ships to users and must not import the compiler.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

/** Files reachable from the runtime's browser entry (globs below packages/runtime/src/). */
const BROWSER_GRAPH = [
  "browser.ts",
  "errors.ts",
  "client/**/*.ts",
  "wire/**/*.ts",
  "validate/**/*.ts",
  "observability/*.ts",
  "transports/address.ts",
  "transports/platform.ts",
  "transports/transport.ts",
  "transports/url-address.ts",
  "transports/global-websocket.ts",
  "server/deadlines.ts",
  "server/definitions.ts",
  "server/handlers.ts",
  "server/next-turn.ts",
  "server/peer-watch.ts",
  "server/peer.ts",
  "server/server-connection.ts",
];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "packages/*/dist/**",
      "node_modules/**",
      "fixtures/**/expected/**",
      "grammar/cst.d.ts",
      "examples/**/generated/**",
      "scripts/certification/generated/**",
      "tmp/**",
      "coverage/**",
      ".ci/*.json",
      ".ci/node24/**",
      ".ci/node22/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  // The runtime imports only node: builtins and itself: nothing above packages/runtime/src/.
  runtimeImports(["packages/runtime/src/*.ts"], "../*"),
  runtimeImports(["packages/runtime/src/*/**/*.ts"], "../../*"),
  // Sub-rooms (client/resilience/...): the later entry wins for their files.
  runtimeImports(["packages/runtime/src/*/*/**/*.ts"], "../../../*"),
  // Integrations (packages/runtime/src/integrations/<name>/) are the runtime's only code that
  // imports an npm package: its optional peer, behind its own entry point, loaded only when used.
  runtimeImports(["packages/runtime/src/integrations/jwt/**/*.ts"], "../../../*", "jose"),
  runtimeImports(["packages/runtime/src/integrations/otel/**/*.ts"], "../../../*", "@opentelemetry/api"),
  runtimeImports(["packages/runtime/src/integrations/prometheus/**/*.ts"], "../../../*", "prom-client"),
  {
    files: ["src/**/*.ts", "packages/runtime/src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-console": "error",
      "no-restricted-globals": [
        "error",
        { name: "process", message: "only src/cli touches process (argv, exit codes, stdout)" },
      ],
    },
  },
  // The browser entry's graph (packages/runtime/src/browser.ts; test/browser bundles it and
  // checks the whole graph): no node: module and no Buffer (wire/bytes.ts picks Buffer or
  // TextEncoder at run time). Type-only imports (node:stream's Duplex) are erased.
  {
    files: BROWSER_GRAPH.map((file) => `packages/runtime/src/${file}`),
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^node:",
              allowTypeImports: true,
              message: "the browser entry's graph imports no node: module (docs/browser.md)",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "only src/cli touches process (argv, exit codes, stdout)" },
        {
          name: "Buffer",
          message: "the browser entry's graph uses Uint8Array and wire/bytes.ts, not Buffer",
        },
      ],
    },
  },
);

/**
 * Forbids npm packages (any specifier that is neither `node:` nor relative, except `peer`, an
 * integration's optional peer dependency) and imports that climb above packages/runtime/src/
 * (`above` is the pattern that does).
 */
function runtimeImports(files, above, peer) {
  const allowed = peer === undefined ? "" : `|${peer.replace(/[/.]/g, "\\$&")}(/|$)`;
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [above], message: "the runtime must not import from outside packages/runtime/src/" },
            {
              regex: `^(?!node:|\\.${allowed})`,
              message:
                "the runtime has zero npm dependencies (optional peers only in src/integrations/<name>/)",
            },
          ],
        },
      ],
    },
  };
}
