/**
 * `varlink-codegen completion bash|zsh|fish` prints a completion script; the hidden
 * `__complete --line LINE` answers it (commands, options, choices, and a live service's
 * interfaces and methods).
 */
import { Argument, type Command } from "commander";

/** Registers `completion` and the hidden `__complete`. */
export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .summary("print a shell completion script (bash, zsh, fish)")
    .description(
      "Print a completion script: `source <(varlink-codegen completion bash)` (or zsh), " +
        "`varlink-codegen completion fish | source`. Completes commands, options, their values, and the " +
        "interfaces and methods of the service named on the line.",
    )
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(["bash", "zsh", "fish"]))
    .action(async (shell: "bash" | "zsh" | "fish") => {
      const { completionScript } = await import("../completion/scripts.js");
      process.stdout.write(completionScript(shell));
    });

  program
    .command("__complete", { hidden: true })
    .requiredOption("--line <line>", "the command line up to the cursor")
    .action(async (options: { line: string }) => {
      const [{ candidates, splitLine }, { commandSpecs }] = await Promise.all([
        import("../completion/candidates.js"),
        import("../completion/spec.js"),
      ]);
      // The client runtime loads only when a candidate needs the live service.
      const found = await candidates(
        commandSpecs(program),
        ["--help", "--version"],
        splitLine(options.line),
        (a, w) => import("../completion/live.js").then((m) => m.liveLookup(a, w)),
      );
      process.stdout.write(found.map((c) => `${c}\n`).join(""));
    });
}
