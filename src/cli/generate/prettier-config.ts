/**
 * The prettier options for one output folder under `--format prettier`: the user's own config
 * (`.prettierrc`, `package.json`, `.editorconfig`…) as prettier resolves it for a file there.
 * Prettier is loaded only here, only when asked for.
 */
import { join } from "node:path";

/** Resolves the prettier config that applies to `<outDir>/index.ts`; `{}` when there is none. */
export async function prettierConfigFor(outDir: string): Promise<Record<string, unknown>> {
  const prettier = await import("prettier");
  return ((await prettier.resolveConfig(join(outDir, "index.ts"))) ?? {}) as Record<string, unknown>;
}
