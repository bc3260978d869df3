/** Shared helpers for front-end tests: fixture discovery and one-call loading. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { loadInterface } from "../../src/model/index.js";
import type { Interface } from "../../src/model/model.js";

export const fixturesDir = new URL("../../fixtures/", import.meta.url).pathname;

/** Names of the case directories under `fixtures/<kind>/`, sorted. */
export function fixtureCases(kind: "valid" | "invalid"): string[] {
  return readdirSync(join(fixturesDir, kind)).sort();
}

/** The source file of a fixture case, named as the CLI would show it from the repo root. */
export function fixtureSource(kind: "valid" | "invalid", name: string): SourceFile {
  const path = `fixtures/${kind}/${name}/input.varlink`;
  return new SourceFile(path, readFileSync(join(fixturesDir, kind, name, "input.varlink"), "utf8"));
}

/** Loads inline IDL text. */
export function load(text: string) {
  return loadInterface(new SourceFile("test.varlink", text));
}

/** Diagnostic codes of inline IDL text, in order. */
export function codes(text: string): string[] {
  return load(text).diagnostics.map((d) => d.code);
}

/** The model without spans and source: what two texts mean, for comparing them. */
export function meaning(model: Interface | undefined): unknown {
  return JSON.parse(
    JSON.stringify(model, (key, value: unknown) =>
      ["start", "end", "nameSpan", "source"].includes(key) ? undefined : value,
    ),
  );
}
