/**
 * `varlink-codegen generate <inputs...> -o <dir>`: checks the interfaces, generates one module per
 * interface (plus the bundled runtime) and writes them under the output directory. `generate()`
 * itself stays pure; this command owns argv, prettier config lookup, file writes and exit codes.
 * The front end, ts-morph and prettier are loaded inside the action only.
 */
import { Option, type Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { ExitCode } from "../exit-code.js";
import { loadInterfaces } from "../load-interfaces.js";
import { printProblems, stderrColor } from "../terminal.js";

interface GenerateFlags {
  out: string;
  int: "number" | "bigint";
  importExtension: ".js" | ".ts" | "none";
  runtime: string;
  format: boolean;
}

async function run(paths: readonly string[], flags: GenerateFlags): Promise<number> {
  const loaded = await loadInterfaces(paths);
  if ("exitCode" in loaded) return loaded.exitCode;
  const [{ generate }, { renderDiagnostics }, { hasErrors }] = await Promise.all([
    import("../../generator/index.js"),
    import("../../diagnostics/render.js"),
    import("../../diagnostics/diagnostic.js"),
  ]);
  // The user's prettier config for the output folder, resolved once for every file.
  const prettier = flags.format
    ? ((await (await import("prettier")).resolveConfig(join(flags.out, "index.ts"))) ?? {})
    : {};
  const result = await generate({
    interfaces: loaded.interfaces,
    options: {
      int: flags.int,
      importExtension: flags.importExtension === "none" ? "" : flags.importExtension,
      runtime: flags.runtime,
      format: flags.format,
      prettier: prettier as Record<string, unknown>,
    },
  });
  if (result.diagnostics.length > 0) {
    process.stderr.write(`${renderDiagnostics(result.diagnostics, { color: stderrColor() })}\n`);
  }
  if (hasErrors(result.diagnostics)) return ExitCode.Failure;
  try {
    await Promise.all(
      result.value.map(async (file) => {
        const target = join(flags.out, file.path);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.text);
      }),
    );
  } catch (error) {
    // An output folder that cannot be written (a file in the way, permissions) is the user's to fix.
    const { code, path } = error as NodeJS.ErrnoException;
    if (code === undefined) throw error;
    printProblems([`cannot write '${path ?? flags.out}': ${code}`]);
    return ExitCode.Failure;
  }
  const shown = relative(process.cwd(), flags.out) || ".";
  const runtime = result.value.filter((f) => f.path.startsWith("runtime/")).length;
  for (const file of result.value)
    if (!file.path.startsWith("runtime/")) process.stdout.write(`${join(shown, file.path)}\n`);
  if (runtime > 0)
    process.stdout.write(`${join(shown, "runtime")}/ (${runtime} files, the bundled runtime)\n`);
  return ExitCode.Ok;
}

/** Registers `generate`. */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "generate TypeScript types, validators, clients and service skeletons from Varlink interfaces",
    )
    .argument("<inputs...>", "files, directories (searched recursively for *.varlink) or glob patterns")
    .requiredOption("-o, --out <dir>", "output directory")
    .addOption(
      new Option("--int <type>", "TypeScript type of Varlink int")
        .choices(["number", "bigint"])
        .default("number"),
    )
    .addOption(
      new Option("--import-extension <ext>", "extension of relative imports in generated code")
        .choices([".js", ".ts", "none"])
        .default(".js"),
    )
    .option(
      "--runtime <runtime>",
      "'bundled' copies the runtime into <out>/runtime; anything else is the module specifier to import it from (e.g. varlink-codegen/runtime)",
      "bundled",
    )
    .option("--no-format", "skip prettier (for debugging the generator)")
    .action(async (paths: string[], flags: GenerateFlags) => {
      process.exitCode = await run(paths, flags);
    });
}
