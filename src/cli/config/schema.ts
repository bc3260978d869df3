/**
 * The config schema (`varlink-codegen.config.json` or the `"varlink-codegen"` key of package.json)
 * and its hand-written validator: every unknown key, wrong type or bad value becomes a diagnostic
 * at the offending key, with a "did you mean" hint for misspellings.
 */
import type { Diagnostic, Result } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source-file.js";
import { closest } from "../../model/suggest.js";
import type { JsonNode } from "./json-spans.js";

/** Options of one output target; each mirrors a `generate` flag. */
export interface TargetConfig {
  /** Output directory, relative to the config file. */
  readonly outDir: string;
  readonly int?: "number" | "bigint";
  readonly importExtension?: ".js" | ".ts" | "";
  /** `"bundled"` or a module specifier such as `@varlink-codegen/runtime`. */
  readonly runtime?: string;
  /** Who formats generated modules: `"emitter"` (default) or `"prettier"` (with the prettier config of `outDir`). */
  readonly format?: "emitter" | "prettier";
}

/** A validated config. Paths are relative to `dir`. */
export interface Config {
  /** `.varlink` files, directories and globs. */
  readonly inputs: readonly string[];
  readonly targets: readonly TargetConfig[];
}

type Spec =
  | { readonly kind: "string" }
  | { readonly kind: "boolean" }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "strings" }
  | { readonly kind: "objects"; readonly fields: Fields };
type Fields = Readonly<Record<string, Spec & { readonly required?: boolean }>>;

const targetFields: Fields = {
  outDir: { kind: "string", required: true },
  int: { kind: "enum", values: ["number", "bigint"] },
  importExtension: { kind: "enum", values: [".js", ".ts", ""] },
  runtime: { kind: "string" },
  format: { kind: "enum", values: ["emitter", "prettier"] },
};

const configFields: Fields = {
  $schema: { kind: "string" },
  inputs: { kind: "strings", required: true },
  targets: { kind: "objects", fields: targetFields, required: true },
};

/** The keys a config may have, for help text and `init`. */
export const configKeys = { config: Object.keys(configFields), target: Object.keys(targetFields) };

const describe = (node: JsonNode): string =>
  node.kind === "array" ? "an array" : node.kind === "object" ? "an object" : `a ${node.kind}`;

/**
 * Validates a parsed config value. `label` names the root in messages: "the config", or
 * `'varlink-codegen' in package.json`. Any diagnostic makes the value undefined.
 */
export function validateConfig(
  root: JsonNode,
  file: SourceFile,
  label = "the config",
): Result<Config | undefined> {
  const diagnostics: Diagnostic[] = [];
  const report = (code: string, message: string, start: number, end: number, hint?: string): void => {
    diagnostics.push({
      code,
      severity: "error",
      message,
      file,
      start,
      end,
      ...(hint === undefined ? {} : { hint }),
    });
  };

  const checkObject = (
    node: JsonNode,
    fields: Fields,
    where: string,
  ): Record<string, unknown> | undefined => {
    if (node.kind !== "object") {
      report("VL352", `${where} must be an object, got ${describe(node)}`, node.start, node.end);
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const entry of node.entries) {
      const spec = fields[entry.key];
      if (spec === undefined) {
        const guess = closest(entry.key, Object.keys(fields));
        report(
          "VL351",
          `unknown key '${entry.key}' in ${where}`,
          entry.keyStart,
          entry.keyEnd,
          guess === undefined ? `allowed: ${Object.keys(fields).join(", ")}` : `did you mean '${guess}'?`,
        );
        continue;
      }
      const value = checkValue(entry.value, spec, `'${entry.key}'`);
      if (value !== undefined) out[entry.key] = value;
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (spec.required === true && !node.entries.some((e) => e.key === key)) {
        report("VL353", `${where} is missing the required key '${key}'`, node.start, node.start + 1);
      }
    }
    return out;
  };

  const checkValue = (node: JsonNode, spec: Spec, where: string): unknown => {
    switch (spec.kind) {
      case "string":
      case "boolean":
        if (node.kind === spec.kind) return node.value;
        report("VL352", `${where} must be a ${spec.kind}, got ${describe(node)}`, node.start, node.end);
        return undefined;
      case "enum": {
        if (node.kind === "string" && spec.values.includes(node.value)) return node.value;
        const allowed = spec.values.map((v) => JSON.stringify(v)).join(", ");
        const guess = node.kind === "string" ? closest(node.value, spec.values) : undefined;
        report(
          "VL354",
          `${where} must be one of ${allowed}, got ${node.kind === "string" ? JSON.stringify(node.value) : describe(node)}`,
          node.start,
          node.end,
          ...(guess === undefined ? [] : [`did you mean ${JSON.stringify(guess)}?`]),
        );
        return undefined;
      }
      case "strings":
        if (node.kind === "array" && node.items.every((i) => i.kind === "string")) {
          if (node.items.length === 0) report("VL354", `${where} must not be empty`, node.start, node.end);
          return node.items.map((i) => (i as { value: string }).value);
        }
        report("VL352", `${where} must be an array of strings`, node.start, node.end);
        return undefined;
      case "objects":
        if (node.kind !== "array") {
          report(
            "VL352",
            `${where} must be an array of objects, got ${describe(node)}`,
            node.start,
            node.end,
          );
          return undefined;
        }
        if (node.items.length === 0) report("VL354", `${where} must not be empty`, node.start, node.end);
        return node.items.map((item, i) => checkObject(item, spec.fields, `${where.slice(1, -1)}[${i}]`));
    }
  };

  const value = checkObject(root, configFields, label);
  if (diagnostics.length > 0 || value === undefined) return { value: undefined, diagnostics };
  return { value: value as unknown as Config, diagnostics };
}
