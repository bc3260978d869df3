/**
 * varlinkctl's shorthand addresses: a path (absolute, or relative starting `./`) to a unix
 * socket means `unix:<path>`, to an executable file `exec:<path>`. Anything else is left for
 * the runtime's address parser (which names what is wrong with it).
 */
import { statSync, type Stats } from "node:fs";

/** The address `text` stands for. `stat` is injectable for tests. */
export function expandAddress(
  text: string,
  stat: (path: string) => Stats | undefined = (path) => statSync(path, { throwIfNoEntry: false }),
): string {
  if (!text.startsWith("/") && !text.startsWith("./")) return text;
  const found = stat(text);
  if (found?.isSocket() === true) return `unix:${text}`;
  // Any execute bit: the runtime checks that we may run it, and says so if not.
  if (found?.isFile() === true && (found.mode & 0o111) !== 0) return `exec:${text}`;
  return text;
}
