/**
 * The bundled runtime: the `.ts` sources of @varlink-codegen/runtime (packages/runtime/src)
 * copied verbatim into `runtime/` beside the generated modules, so the user's app depends on nothing at run time. Only relative import
 * specifiers change, to follow `--import-extension`.
 */
import type { ImportExtension } from "./options.js";

/** Rewrites `"./x.js"` specifiers (in `from "…"` and `import("…")`) to the chosen extension. */
export function rewriteRelativeImports(text: string, extension: ImportExtension): string {
  if (extension === ".js") return text;
  return text.replace(/((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*?)\.js(["'])/g, `$1$2${extension}$3`);
}

/** The runtime files to write, as `{ path, text }` with paths under `runtime/`. */
export function runtimeFiles(
  sources: ReadonlyMap<string, string>,
  extension: ImportExtension,
): { path: string; text: string }[] {
  return [...sources].map(([name, text]) => ({
    path: `runtime/${name}`,
    text: rewriteRelativeImports(text, extension),
  }));
}
