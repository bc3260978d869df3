/**
 * Records every module a spawned node process loads: ES modules through a `module.register()`
 * resolve hook, CommonJS `require` (which the generator uses for ts-morph) by wrapping
 * `Module._load`, both installed with `--import`. Lets tests prove which dependencies a path loads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** Node arguments that enable tracing, and a reader for the URLs resolved so far. */
export function moduleTrace(): { nodeArgs: string[]; env: Record<string, string>; urls(): string[] } {
  const dir = mkdtempSync(join(tmpdir(), "vlc-trace-"));
  const log = join(dir, "modules.log");
  writeFileSync(log, "");
  writeFileSync(
    join(dir, "hooks.mjs"),
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.VLC_MODULE_LOG, result.url + "\\n");
  return result;
}
`,
  );
  writeFileSync(
    join(dir, "register.mjs"),
    [
      `import Module, { register } from "node:module";`,
      `import { appendFileSync } from "node:fs";`,
      `import { pathToFileURL } from "node:url";`,
      `register(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});`,
      `const load = Module._load;`,
      `Module._load = function (request, parent, isMain) {`,
      `  try {`,
      `    const file = Module._resolveFilename(request, parent, isMain);`,
      `    appendFileSync(process.env.VLC_MODULE_LOG, (file.startsWith("/") ? pathToFileURL(file).href : file) + "\\n");`,
      `  } catch {}`,
      `  return load.apply(this, arguments);`,
      `};`,
      ``,
    ].join("\n"),
  );
  return {
    nodeArgs: ["--import", pathToFileURL(join(dir, "register.mjs")).href],
    env: { VLC_MODULE_LOG: log },
    urls: () => readFileSync(log, "utf8").split("\n").filter(Boolean),
  };
}

/** The heavy packages a no-op run must not load. */
export const heavyPackages = ["chevrotain", "ts-morph", "prettier"];

/** Which of `heavyPackages` appear in `urls`. */
export function heavyLoaded(urls: readonly string[]): string[] {
  return heavyPackages.filter((p) => urls.some((u) => u.includes(`/node_modules/${p}/`)));
}
