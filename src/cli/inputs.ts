/**
 * Input expansion shared by the commands: `.varlink` files, directories (searched recursively,
 * skipping node_modules and dot-directories) and globs (`*`, `?`, `**`), relative to the cwd.
 * Results are de-duplicated and sorted so every run sees the same order.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { SourceFile } from "../diagnostics/source-file.js";

/** What the inputs expanded to: the files read, and the specs that matched nothing. */
export interface ExpandedInputs {
  readonly files: SourceFile[];
  readonly missing: string[];
}

/** Paths (relative to `cwd`, `/`-separated) of the `.varlink` files `specs` name, plus specs that matched nothing. */
export function expandInputPaths(
  cwd: string,
  specs: readonly string[],
): { paths: string[]; missing: string[] } {
  const paths = new Set<string>();
  const missing: string[] = [];
  for (const spec of specs) {
    const before = paths.size;
    if (/[*?[]/.test(spec)) {
      const parts = spec.split("/");
      const firstGlob = parts.findIndex((p) => /[*?[]/.test(p));
      const base = parts.slice(0, firstGlob).join("/") || ".";
      const pattern = globToRegExp(spec.replace(/^\.\//, ""));
      for (const file of walk(resolve(cwd, base))) {
        const rel = toPosix(relative(cwd, file));
        if (pattern.test(rel)) paths.add(rel);
      }
    } else {
      const abs = resolve(cwd, spec);
      if (!existsSync(abs)) {
        missing.push(spec);
        continue;
      }
      if (statSync(abs).isDirectory()) for (const file of walk(abs)) paths.add(toPosix(relative(cwd, file)));
      else paths.add(toPosix(relative(cwd, abs)));
    }
    if (paths.size === before && /[*?[]/.test(spec)) missing.push(spec);
  }
  return { paths: [...paths].sort(), missing };
}

/** Expands `specs` and reads every file (names relative to `cwd`). */
export function expandInputs(cwd: string, specs: readonly string[]): ExpandedInputs {
  const { paths, missing } = expandInputPaths(cwd, specs);
  return { files: paths.map((p) => new SourceFile(p, readFileSync(resolve(cwd, p), "utf8"))), missing };
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) yield* walk(path);
    } else if (entry.name.endsWith(".varlink")) {
      yield path;
    }
  }
}

/** `**` matches any number of directories, `*` and `?` stay within one path segment. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

const toPosix = (p: string): string => (sep === "/" ? p : p.split(sep).join("/"));
