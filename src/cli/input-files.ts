/**
 * Turns CLI path arguments into the list of `.varlink` files to process: a file is taken as is,
 * a directory is searched recursively for `*.varlink`, anything with glob syntax is expanded.
 * Missing inputs are usage errors, reported all at once.
 */
import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { expandGlob, isGlob, walk } from "./glob.js";

/** The files to process (deduplicated, in argument order) and the arguments that matched nothing. */
export interface InputFiles {
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

/** Resolves path arguments against `cwd`. */
export function collectInputFiles(args: readonly string[], cwd: string): InputFiles {
  const files: string[] = [];
  const problems: string[] = [];
  const add = (path: string) => {
    if (!files.includes(path)) files.push(path);
  };
  for (const arg of args) {
    const stat = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    if (stat?.isFile()) add(arg);
    else if (stat?.isDirectory()) {
      const found = walk(resolve(cwd, arg)).filter((p) => p.endsWith(".varlink"));
      if (found.length === 0) problems.push(`no .varlink files in directory '${arg}'`);
      for (const path of found) add(relative(cwd, path) || path);
    } else if (isGlob(arg)) {
      const found = expandGlob(arg, cwd);
      if (found.length === 0) problems.push(`no files match '${arg}'`);
      found.forEach(add);
    } else problems.push(`no such file or directory: '${arg}'`);
  }
  return { files, problems };
}
