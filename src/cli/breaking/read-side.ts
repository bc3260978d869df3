/**
 * Reads one side of a `breaking` comparison into source files: local files and directories, a
 * git ref (the same paths as they were at that ref), or a live service.
 */
import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { SourceFile } from "../../diagnostics/source-file.js";
import { collectInputFiles } from "../input-files.js";
import { readSource } from "../read-source.js";
import { readAtRef, isGitRef, isInGitRepo } from "./git.js";
import { isAddress } from "./address-spec.js";
import type { TlsClientOptions } from "@varlink-codegen/runtime";

/** A user mistake in naming a side (exit code 2). */
export class SideError extends Error {
  override readonly name = "SideError";
}

/** Reads the local files named by `specs` (files, directories, globs) relative to `cwd`. */
export function readLocal(cwd: string, specs: readonly string[]): { files: SourceFile[]; dirs: string[] } {
  const expanded = collectInputFiles(specs, cwd);
  if (expanded.problems.length > 0) throw new SideError(expanded.problems.join("; "));
  const dirs = specs.filter((s) => existsSync(resolve(cwd, s)) && statSync(resolve(cwd, s)).isDirectory());
  const files = expanded.files.map((p) => {
    const read = readSource(resolve(cwd, p), p);
    if ("problem" in read) throw new SideError(read.problem);
    return new SourceFile(p, read.text);
  });
  return { files, dirs };
}

/**
 * Reads the old side named by `--against`: a Varlink address (the interfaces named in `news`), an
 * existing file or directory, or else a git ref (the paths of `newPaths` and `newDirs` at that ref).
 */
export async function readAgainst(
  cwd: string,
  spec: string,
  news: { files: readonly SourceFile[]; dirs: readonly string[]; names: readonly string[] },
  timeoutMs: number,
  tls?: TlsClientOptions,
): Promise<SourceFile[]> {
  if (isAddress(spec)) {
    const { fetchDescriptions } = await import("./live.js");
    return fetchDescriptions(spec, news.names, timeoutMs, tls);
  }
  if (existsSync(resolve(cwd, spec))) return readLocal(cwd, [spec]).files;
  if (isGitRef(cwd, spec)) {
    const paths = news.files.map((f) => relative(cwd, resolve(cwd, f.name)));
    return readAtRef(cwd, spec, paths, news.dirs);
  }
  throw new SideError(`--against ${spec}: ${unknownSpecReason(cwd, spec)}`);
}

/**
 * Why `--against` named nothing, with the likely fix: outside a repository a ref cannot work, and
 * a remote ref like origin/main is missing from shallow CI clones until it is fetched.
 */
function unknownSpecReason(cwd: string, spec: string): string {
  const what = "not a file, directory, Varlink address (unix:, tcp:, tls:, exec:) or git ref";
  if (!isInGitRepo(cwd)) return `${what} (and the current directory is not in a git repository)`;
  const remote = /^([^/]+)\/(.+)$/.exec(spec);
  if (remote !== null && !spec.endsWith(".varlink"))
    return `${what}; if it is a branch of remote '${remote[1]}', fetch it first: git fetch ${remote[1]} ${remote[2]} (in GitHub Actions: actions/checkout with fetch-depth: 0)`;
  return what;
}
