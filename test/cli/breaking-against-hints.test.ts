/**
 * `breaking --against <spec>` that names nothing says why and what to do: outside a repository
 * no ref can work; a remote branch missing from a (shallow CI) clone needs a fetch.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { git, runCli, tempDir } from "../helpers/cli.js";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir("vlc-against-");
  temp.write("idl/a.varlink", "interface org.example.a\n\nmethod A() -> ()\n");
});
afterEach(() => temp.remove());

it("outside a git repository, says so", () => {
  const r = runCli(["breaking", "--against", "HEAD", "idl"], temp.dir);
  expect(r.stderr).toBe(
    "varlink-codegen: --against HEAD: not a file, directory, Varlink address (unix:, tcp:, tls:, exec:) or git ref" +
      " (and the current directory is not in a git repository)\n",
  );
  expect(r.code).toBe(2);
});

it("a missing remote branch gets the fetch command", () => {
  git(temp.dir, "init", "-q");
  git(temp.dir, "add", "idl");
  git(temp.dir, "commit", "-qm", "idl");
  const r = runCli(["breaking", "--against", "origin/main", "idl"], temp.dir);
  expect(r.stderr).toMatch(/^varlink-codegen: --against origin\/main: not a file, .* or git ref; /);
  expect(r.stderr).toContain(
    "git fetch origin main (in GitHub Actions: actions/checkout with fetch-depth: 0)\n",
  );
  expect(r.code).toBe(2);
  // A local ref that does not exist has no remote to fetch from: no such advice.
  expect(runCli(["breaking", "--against", "HEAD~3", "idl"], temp.dir).stderr).not.toContain("fetch");
});
