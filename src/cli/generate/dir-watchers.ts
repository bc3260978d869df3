/**
 * Directory watching for `generate --watch` that survives how editors save. Node 20's recursive
 * `fs.watch` on Linux stops reporting a directory's changes after a file in it is replaced by a
 * rename (vim, IDEs, `sed -i`, `git checkout` all do that), so every directory gets its own
 * non-recursive watcher instead, and `refresh()` picks up directories created or removed since.
 */
import { readdirSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/** `dir` and every directory below it (skipping `node_modules` and dot-directories, like inputs). */
function directoriesUnder(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // removed since (or unreadable): nothing to watch there
  }
  const out = [dir];
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."))
      out.push(...directoriesUnder(join(dir, entry.name)));
  }
  return out;
}

/** One watcher per directory under the roots; `onEvent` runs on any change in any of them. */
export class DirectoryWatchers {
  readonly #watchers = new Map<string, FSWatcher>();

  /** `roots` maps a directory to whether its subdirectories are watched too. */
  constructor(
    private readonly roots: ReadonlyMap<string, boolean>,
    private readonly onEvent: () => void,
  ) {
    this.refresh();
  }

  /** Starts watching directories that appeared under a recursive root, stops for removed ones. */
  refresh(): void {
    const wanted = new Set<string>();
    for (const [dir, recursive] of this.roots) {
      for (const d of recursive ? directoriesUnder(dir) : [dir]) wanted.add(d);
    }
    for (const [dir, watcher] of this.#watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.#watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, () => this.onEvent());
        // A watched directory that is deleted errors on some platforms; the next refresh drops it.
        watcher.on("error", () => this.onEvent());
        this.#watchers.set(dir, watcher);
      } catch {
        // Gone between listing and watching: the next refresh sees that.
      }
    }
  }

  /** Stops every watcher. */
  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
