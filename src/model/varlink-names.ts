/**
 * The Varlink naming rules (VARLINK.md §1, with the UAPI.20 additions) and messages that say
 * which part of a name breaks them.
 */

/** Type, method and error names: `[A-Z][A-Za-z0-9]*`. */
export const memberNamePattern = /^[A-Z][A-Za-z0-9]*$/;

/** Field names and enum values: `[A-Za-z]([_]?[A-Za-z0-9])*` (upper case first allowed by UAPI.20). */
export const fieldNamePattern = /^[A-Za-z](?:_?[A-Za-z0-9])*$/;

/** Interface names: reverse domain, at least two parts, hyphens inside parts (UAPI.20). */
export const interfaceNamePattern = /^[A-Za-z](?:-*[A-Za-z0-9])*(?:\.[A-Za-z0-9](?:-*[A-Za-z0-9])*)+$/;

/** Why an interface name is invalid, or undefined when it is valid. */
export function interfaceNameProblem(name: string): string | undefined {
  if (interfaceNamePattern.test(name)) return undefined;
  const parts = name.split(".");
  if (parts.length < 2) return "needs at least two dot-separated parts (reverse domain)";
  if (parts.some((p) => p === ""))
    return "has an empty part (two dots in a row, or a leading or trailing dot)";
  if (name.includes("_")) return "may not contain '_'";
  if (!/^[A-Za-z]/.test(name)) return "must start with a letter";
  if (parts.some((p) => p.startsWith("-") || p.endsWith("-")))
    return "has a part that starts or ends with '-'";
  return "may only contain letters, digits, '-' and '.'";
}

/** Why a type/method/error name is invalid, or undefined. */
export function memberNameProblem(name: string): string | undefined {
  if (memberNamePattern.test(name)) return undefined;
  if (!/^[A-Z]/.test(name)) return "must start with an upper-case letter";
  return "may only contain letters and digits";
}

/** Why a field name or enum value is invalid, or undefined. */
export function fieldNameProblem(name: string): string | undefined {
  if (fieldNamePattern.test(name)) return undefined;
  if (!/^[A-Za-z]/.test(name)) return "must start with a letter";
  if (name.endsWith("_")) return "may not end with '_'";
  return "may not contain '__'";
}

/** `foo_bar` → `FooBar`: the usual fix for a member name. */
export function toMemberName(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}
