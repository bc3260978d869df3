/**
 * The manifest `generate` keeps in each output directory (`.varlink-codegen.json`): a fingerprint
 * of everything the output depends on (tool version, input paths and contents, target options,
 * prettier config files) and the hash of every file written. When the fingerprint matches and
 * every file is still as written, `generate` has nothing to do and exits without loading the
 * front end, ts-morph or prettier: this module imports only node: builtins.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { TargetOptions } from "./targets.js";

/** The manifest's file name inside the output directory. */
export const MANIFEST_FILE = ".varlink-codegen.json";

/** What the manifest holds. */
export interface Manifest {
  readonly tool: "varlink-codegen";
  readonly version: string;
  readonly fingerprint: string;
  /** Output paths (relative, `/`-separated) to the sha256 of their content. */
  readonly files: Readonly<Record<string, string>>;
}

// Files prettier reads to decide formatting (https://prettier.io/docs/configuration), plus
// .editorconfig, which prettier also honours. Their text goes into the fingerprint.
const PRETTIER_FILES = [
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.json5",
  ".prettierrc.yaml",
  ".prettierrc.yml",
  ".prettierrc.toml",
  ".prettierrc.js",
  ".prettierrc.cjs",
  ".prettierrc.mjs",
  "prettier.config.js",
  "prettier.config.cjs",
  "prettier.config.mjs",
  ".editorconfig",
  "package.json",
];

/** sha256 of a string, hex. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The version of varlink-codegen itself (from its package.json). */
export function toolVersion(): string {
  const pkg = readFileSync(new URL("../../../package.json", import.meta.url), "utf8");
  return (JSON.parse(pkg) as { version: string }).version;
}

/**
 * The fingerprint of one target: tool version, options, each input file (path relative to the
 * output directory, so moving the cwd does not change it) and content, and, when formatting,
 * the prettier config files from the output directory up to the root.
 */
export function fingerprint(
  version: string,
  outDir: string,
  inputs: readonly { path: string; text: string }[],
  options: TargetOptions,
): string {
  const hash = createHash("sha256");
  const part = (label: string, value: string): void => {
    hash.update(`${label}\0${value.length}\0${value}\0`);
  };
  part("version", version);
  part("options", JSON.stringify(options, Object.keys(options).sort()));
  for (const input of inputs) {
    part("input", relative(outDir, input.path));
    part("text", input.text);
  }
  if (options.format === "prettier") {
    for (let dir = outDir; ; dir = dirname(dir)) {
      for (const name of PRETTIER_FILES) {
        const path = join(dir, name);
        // Relative, so a manifest committed on one machine matches on another.
        if (existsSync(path)) part(relative(outDir, path), readFileSync(path, "utf8"));
      }
      if (dirname(dir) === dir) break;
    }
  }
  return hash.digest("hex");
}

/** Reads the manifest of `outDir`; undefined when missing or unreadable (then generation runs). */
export function readManifest(outDir: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), "utf8")) as Partial<Manifest>;
    if (
      parsed.tool !== "varlink-codegen" ||
      typeof parsed.fingerprint !== "string" ||
      typeof parsed.files !== "object"
    ) {
      return undefined;
    }
    return parsed as Manifest;
  } catch {
    return undefined;
  }
}

/** True when `manifest` has `print` and every file it lists is still on disk, unchanged. */
export function isUpToDate(outDir: string, manifest: Manifest | undefined, print: string): boolean {
  if (manifest === undefined || manifest.fingerprint !== print) return false;
  for (const [path, hash] of Object.entries(manifest.files)) {
    const full = join(outDir, path);
    if (!existsSync(full) || sha256(readFileSync(full, "utf8")) !== hash) return false;
  }
  return true;
}

/** Writes the manifest for the files just generated. */
export function writeManifest(
  outDir: string,
  version: string,
  print: string,
  files: readonly { path: string; text: string }[],
): void {
  const manifest: Manifest = {
    tool: "varlink-codegen",
    version,
    fingerprint: print,
    files: Object.fromEntries(files.map((f) => [f.path, sha256(f.text)])),
  };
  writeFileSync(join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
}
