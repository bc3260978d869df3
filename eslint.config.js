// Lint config: typescript-eslint's recommended rules, plus the one architectural rule we care
// about most: the wire runtime ships to users and must not import the compiler.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "fixtures/**/expected/**",
      "grammar/cst.d.ts",
      "examples/**/generated/**",
      "scripts/certification/generated/**",
      "tmp/**",
      "coverage/**",
      ".ci/*.json",
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
  // The runtime imports only node: builtins and itself: nothing above src/runtime/.
  runtimeImports(["src/runtime/*.ts"], "../*"),
  runtimeImports(["src/runtime/*/**/*.ts"], "../../*"),
  // Sub-rooms (client/resilience/...): the later entry wins for their files.
  runtimeImports(["src/runtime/*/*/**/*.ts"], "../../../*"),
  {
    files: ["src/**/*.ts"],
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

/** Forbids npm packages and imports that climb above src/runtime/ (`above` is the pattern that does). */
function runtimeImports(files, above) {
  return {
    files,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: [above], message: "src/runtime must not import from the rest of src/" },
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
