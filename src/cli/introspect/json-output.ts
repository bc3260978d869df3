/**
 * How `call` prints replies (`--json=pretty|short|seq`, as varlinkctl): `pretty` is indented,
 * `short` is one line per reply, `seq` is RFC 7464 JSON text sequences (each record is the
 * record separator 0x1E, the JSON text and a line feed), so a stream of replies can be split
 * without guessing where one ends, e.g. by `jq --seq`.
 */

/** The output modes of `--json`. */
export const jsonModes = ["pretty", "short", "seq"] as const;
/** One of {@link jsonModes}. */
export type JsonMode = (typeof jsonModes)[number];

/** RFC 7464's record separator. */
export const RECORD_SEPARATOR = "\x1e";

/** One reply (or a `--collect`ed array) as printed in `mode`, newline included. */
export function formatJson(value: unknown, mode: JsonMode): string {
  switch (mode) {
    case "pretty":
      return `${JSON.stringify(value, null, 2)}\n`;
    case "short":
      return `${JSON.stringify(value)}\n`;
    case "seq":
      return `${RECORD_SEPARATOR}${JSON.stringify(value)}\n`;
  }
}

/**
 * The mode when `--json` is not given: `seq` for a stream of replies (`--more`, as varlinkctl
 * switches to JSON-SEQ), `pretty` for one reply or a collected array.
 */
export function defaultJsonMode(streaming: boolean): JsonMode {
  return streaming ? "seq" : "pretty";
}
