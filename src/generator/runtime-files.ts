/**
 * The bundled runtime: the `.ts` sources of @varlink-codegen/runtime (packages/runtime/src)
 * copied verbatim into `runtime/` beside the generated modules, so the user's app depends on nothing at run time. Only relative import
 * specifiers change, to follow `--import-extension`, and each file starts with a header that
 * lint tools honour, as generated modules do (templates/banner.txt): a user's lint of `src/`
 * must not flag, or ask to "fix", a copy that is regenerated, not edited.
 */
import type { ImportExtension } from "./options.js";

/** Rewrites `"./x.js"` specifiers (in `from "…"` and `import("…")`) to the chosen extension. */
export function rewriteRelativeImports(text: string, extension: ImportExtension): string {
  if (extension === ".js") return text;
  return text.replace(/((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*?)\.js(["'])/g, `$1$2${extension}$3`);
}

/**
 * The header of every bundled runtime file. The biome lines must come before any code; eslint's
 * blanket disable covers the whole file (the sources' own `eslint-disable-next-line` comments
 * stay valid under it).
 */
export const RUNTIME_COPY_HEADER = [
  "// Copied by varlink-codegen from @varlink-codegen/runtime (its sources, verbatim). DO NOT EDIT: regenerate.",
  "/* eslint-disable */",
  "// biome-ignore-all lint: generated code (regenerate instead of fixing)",
  "// biome-ignore-all assist: generated code (regenerate instead of fixing)",
  "",
].join("\n");

/** The runtime files to write, as `{ path, text }` with paths under `runtime/`. */
export function runtimeFiles(
  sources: ReadonlyMap<string, string>,
  extension: ImportExtension,
): { path: string; text: string }[] {
  return [...sources].map(([name, text]) => ({
    path: `runtime/${name}`,
    text: RUNTIME_COPY_HEADER + rewriteRelativeImports(text, extension),
  }));
}
