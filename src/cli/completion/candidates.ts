/**
 * What shell completion offers for a partly typed command line: sub-commands, a command's
 * options and their choices, and (through `live`) the interfaces and methods of the service
 * the line names. The shells' scripts (scripts.ts) only pass the line and print the answer.
 */

/** One option of a command, as completion needs it. */
export interface OptionSpec {
  /** `--json`, `-o`, ... */
  readonly flags: readonly string[];
  readonly takesValue: boolean;
  readonly choices?: readonly string[] | undefined;
}

/** One command: its name, options and positional argument names in order. */
export interface CommandSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  /** Names of the positional arguments (`address`, `method`, `interfaces`...); the last may repeat. */
  readonly args: readonly string[];
  readonly variadic: boolean;
}

/** Asks a live service: its interface names, or its qualified method names. */
export type LiveLookup = (address: string, what: "interfaces" | "methods") => Promise<readonly string[]>;

/** Positional argument names whose values come from a fixed list. */
const FIXED: Readonly<Record<string, readonly string[]>> = { shell: ["bash", "zsh", "fish"] };

/** Splits the line before the cursor into words; the last is the word being completed (maybe ""). */
export function splitLine(line: string): string[] {
  const words = line.split(/\s+/);
  if (words[0] === "") words.shift();
  return words;
}

/**
 * The candidates for the last word of `words` (which start with the program name). Every
 * candidate starts with that word; the shell script narrows nothing further.
 */
export async function candidates(
  commands: readonly CommandSpec[],
  globalFlags: readonly string[],
  words: readonly string[],
  live: LiveLookup,
): Promise<string[]> {
  const current = words[words.length - 1] ?? "";
  const before = words.slice(1, -1);
  const matching = (list: Iterable<string>): string[] => [...list].filter((c) => c.startsWith(current));
  const command = commands.find((c) => c.name === before[0]);
  if (command === undefined) {
    if (before.length > 0) return [];
    return matching(current.startsWith("-") ? globalFlags : commands.map((c) => c.name));
  }
  const optionOf = (word: string): OptionSpec | undefined =>
    command.options.find((o) => o.flags.includes(word.split("=")[0] as string));
  // Which positional the current word is, skipping options and their values.
  const positionals: string[] = [];
  let expectsValue: OptionSpec | undefined;
  for (const word of before.slice(1)) {
    if (expectsValue !== undefined) expectsValue = undefined;
    else if (word.startsWith("-") && word !== "-") {
      const option = optionOf(word);
      if (option?.takesValue === true && !word.includes("=")) expectsValue = option;
    } else positionals.push(word);
  }
  if (expectsValue !== undefined) return matching(expectsValue.choices ?? []);
  if (current.startsWith("-") && current !== "-") {
    const eq = current.indexOf("=");
    if (eq !== -1) {
      const option = optionOf(current);
      return matching((option?.choices ?? []).map((c) => `${current.slice(0, eq)}=${c}`));
    }
    return matching(
      command.options.flatMap((o) => o.flags.filter((f) => f.startsWith("--") || o.flags.length === 1)),
    );
  }
  const index = positionals.length;
  const name = command.args[Math.min(index, command.args.length - 1)];
  if (name === undefined || (index >= command.args.length && !command.variadic)) return [];
  const fixed = FIXED[name];
  if (fixed !== undefined) return matching(fixed);
  const address = positionals[0];
  if (address === undefined || command.args[0] !== "address") return [];
  if (name === "method") return matching(await live(address, "methods"));
  if (name === "interfaces") {
    const given = new Set(positionals.slice(1));
    return matching((await live(address, "interfaces")).filter((i) => !given.has(i)));
  }
  return [];
}
