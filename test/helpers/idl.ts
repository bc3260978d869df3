/** Loads IDL text into a checked model with the real front end; fails the test on diagnostics. */
import { SourceFile } from "../../src/diagnostics/source-file.js";
import { loadInterface } from "../../src/model/index.js";
import type { Interface } from "../../src/model/model.js";

/** The model of `text`; throws (failing the test) with the diagnostics when it does not load. */
export function idl(text: string, name = "test.varlink"): Interface {
  const loaded = loadInterface(new SourceFile(name, text));
  if (loaded.value === undefined) {
    throw new Error(
      `${name} does not load:\n${loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`,
    );
  }
  return loaded.value;
}
