// Lint config: typescript-eslint's recommended rules, plus the one architectural rule we care
// about most: the wire runtime ships to users and must not import the compiler.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

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
);

/** Forbids npm packages and imports that climb above packages/runtime/src/ (`above` is the pattern that does). */
function runtimeImports(files, above) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [above], message: "the runtime must not import from outside packages/runtime/src/" },
            {
              group: ["chevrotain", "ts-morph", "prettier", "commander"],
              message: "the runtime has zero npm dependencies",
            },
          ],
        },
      ],
    },
  };
}
