/** What the CLI needs to know about its terminal. */

/** Colour for diagnostics on stderr: only on a TTY, and never when NO_COLOR is set (no-color.org). */
export function stderrColor(): boolean {
  const noColor = process.env["NO_COLOR"];
  return process.stderr.isTTY === true && (noColor === undefined || noColor === "");
}

/** Prints `varlink-codegen: <message>` lines for plain failures (no stack, no diagnostics frame). */
export function printProblems(problems: readonly string[]): void {
  for (const problem of problems) process.stderr.write(`varlink-codegen: ${problem}\n`);
}
