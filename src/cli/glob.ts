/**
 * Minimal glob matching for CLI arguments (Node 20 has no fs.glob): `*` and `?` within one path
 * segment, `**` for any number of directories, `[abc]` classes and `{a,b}` alternatives.
 */
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";

/** True when an argument contains glob syntax and should be expanded rather than opened. */
export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+^$()|\\/]/g, "\\$&");
}

/** Compiles a glob (with `/` separators) into a RegExp anchored at both ends. */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "*" && pattern[i + 1] === "*") {
      // `**/` matches zero or more directories; a final `**` matches anything.
      if (pattern[i + 2] === "/") {
        out += "(?:[^/]*/)*";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close === -1) out += "\\[";
      else {
        const body = pattern
          .slice(i + 1, close)
          .replace(/^!/, "^")
          .replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = close;
      }
    } else if (c === "{") {
      const close = pattern.indexOf("}", i + 1);
      if (close === -1) out += "\\{";
      else {
        const alternatives = pattern
          .slice(i + 1, close)
          .split(",")
          .map(escapeRegExp);
        out += `(?:${alternatives.join("|")})`;
        i = close;
      }
    } else out += escapeRegExp(c);
  }
  return new RegExp(`^${out}$`);
}

/** Files under `dir` (recursively, sorted, `node_modules` and dot-directories skipped). */
export function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) out.push(...walk(path));
    } else if (
      entry.isFile() ||
      (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())
    ) {
      out.push(path);
    }
  }
  return out;
}

/**
 * Files matching a glob (sorted). Relative patterns give paths relative to `cwd`, absolute
 * patterns absolute paths. The walk starts at the pattern's literal directory prefix.
 */
export function expandGlob(pattern: string, cwd: string): string[] {
  const normalized = pattern.split(sep).join("/").replace(/^\.\//, "");
  const segments = normalized.split("/");
  const base = segments.slice(0, segments.findIndex(isGlob)).join("/");
  const root = resolve(cwd, base === "" ? "." : base);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return [];
  const regexp = globToRegExp(normalized);
  return walk(root)
    .map((abs) => (isAbsolute(normalized) ? abs : relative(cwd, abs)).split(sep).join("/"))
    .filter((path) => regexp.test(path));
}
