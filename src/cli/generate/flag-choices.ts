/**
 * The values of `generate`'s choice flags, shared by the commander definition and the start-up
 * fast path (which parses argv itself), so both accept exactly the same. No imports: the fast
 * path loads this before commander.
 */
import type { TargetOptions } from "./targets.js";

/** The values `--int` accepts. */
export const intChoices = ["number", "bigint"] as const;

/** The values `--import-extension` accepts (`none`: extension-less imports). */
export const importExtensionChoices = [".js", ".ts", "none"] as const;

/** The values `--format` accepts: who formats the generated modules. */
export const formatChoices = ["emitter", "prettier"] as const;

/** A value `--jobs` accepts: a whole number of at least 1, written in digits. */
export function isJobCount(value: string): boolean {
  return /^[0-9]+$/.test(value) && Number(value) >= 1;
}

/** The option value for an `--import-extension` flag value. */
export function importExtensionOf(
  flag: (typeof importExtensionChoices)[number],
): TargetOptions["importExtension"] {
  return flag === "none" ? "" : flag;
}
