/**
 * Reading files as they were at a git ref (`breaking --against origin/main`): `git show
 * REF:./path` for each current file, plus `git ls-tree` for directories so that files deleted
 * since the ref are compared too. Paths are relative to the cwd, as git resolves `./`.
 */
import { execFileSync } from "node:child_process";
import { SourceFile } from "../../diagnostics/source-file.js";

function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 << 20,
    });
  } catch {
    return undefined;
  }
}

/** True when `ref` names a commit in the repository around `cwd`. */
export function isGitRef(cwd: string, ref: string): boolean {
  return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]) !== undefined;
}

/** True when `cwd` is inside a git work tree (so an unknown `--against` can say which it is). */
export function isInGitRepo(cwd: string): boolean {
  return git(cwd, ["rev-parse", "--is-inside-work-tree"])?.trim() === "true";
}

/**
 * The `.varlink` files at `ref` for the given current files and directories (relative to `cwd`);
 * a file that did not exist at `ref` is simply absent. Names read `REF:path`.
 */
export function readAtRef(
  cwd: string,
  ref: string,
  files: readonly string[],
  dirs: readonly string[],
): SourceFile[] {
  const paths = new Set(files);
  for (const dir of dirs) {
    const listed = git(cwd, ["ls-tree", "-r", "--name-only", ref, "--", dir]) ?? "";
    for (const line of listed.split("\n")) if (line.endsWith(".varlink")) paths.add(line);
  }
  const out: SourceFile[] = [];
  for (const path of [...paths].sort()) {
    const text = git(cwd, ["show", `${ref}:./${path}`]);
    if (text !== undefined) out.push(new SourceFile(`${ref}:${path}`, text));
  }
  return out;
}
