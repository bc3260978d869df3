/**
 * The golden cases of the code generator: every `fixtures/valid/<case>` with default options
 * (output in `expected/`), plus option variants with their own directory. Shared by the golden
 * test, the determinism test and the compile check so they always cover the same files.
 */
import type { GeneratedFile, GenerateOptions } from "../../src/generator/index.js";
import { generate } from "../../src/generator/index.js";
import { loadInterface } from "../../src/model/index.js";
import { fixtureCases, fixtureSource, fixturesDir } from "../frontend/helpers.js";

/** The version pinned in golden banners, so a release does not churn every golden file. */
export const goldenVersion = "0.0.0-golden";

/** One golden case: a fixture, the options it is generated with, and where its files are kept. */
export interface GoldenCase {
  readonly name: string;
  readonly fixture: string;
  readonly options: GenerateOptions;
  /** Directory of the expected files, relative to the repo root. */
  readonly expectedDir: string;
  /** False when the files import a runtime outside the folder (checked by the repo's own tsc). */
  readonly standalone: boolean;
}

/** Option variants worth their own golden directory. */
const variants: readonly { fixture: string; suffix: string; options: GenerateOptions }[] = [
  { fixture: "org.example.all-types", suffix: "int-bigint", options: { int: "bigint" } },
  { fixture: "org.varlink.certification", suffix: "int-bigint", options: { int: "bigint" } },
];

/** Every golden case, defaults first. */
export function goldenCases(): GoldenCase[] {
  const cases: GoldenCase[] = fixtureCases("valid").map((fixture) => ({
    name: fixture,
    fixture,
    options: {},
    expectedDir: `fixtures/valid/${fixture}/expected`,
    standalone: true,
  }));
  for (const v of variants) {
    cases.push({
      name: `${v.fixture} (${v.suffix})`,
      fixture: v.fixture,
      options: v.options,
      expectedDir: `fixtures/valid/${v.fixture}/expected/${v.suffix}`,
      standalone: true,
    });
  }
  // The certification scripts run on generated code, committed (so the repo's tsc checks the
  // scripts against it) and kept current by this golden case. It imports the repo's runtime.
  cases.push({
    name: "certification scripts",
    fixture: "org.varlink.certification",
    options: { runtime: "../../../packages/runtime/src/index.js" },
    expectedDir: "scripts/certification/generated",
    standalone: false,
  });
  return cases;
}

/**
 * Generates a case's modules (the runtime copy is left out: it is the same for every case and
 * is checked by the compile check instead). Throws when the fixture does not load.
 */
export async function generateCase(c: GoldenCase, extra: GenerateOptions = {}): Promise<GeneratedFile[]> {
  const loaded = loadInterface(fixtureSource("valid", c.fixture));
  if (loaded.value === undefined) throw new Error(`fixture ${c.fixture} does not load`);
  const result = await generate({
    interfaces: [loaded.value],
    options: { version: goldenVersion, ...c.options, ...extra },
  });
  if (result.diagnostics.length > 0) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return result.value;
}

export { fixturesDir };
