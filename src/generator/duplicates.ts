/**
 * VL301: two interfaces with the same name would write the same module file. Checked over the
 * whole input set before anything is written, also when the CLI generated the modules on several
 * threads (each thread sees only its share, so the check runs on what they report back).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Interface } from "../model/model.js";
import { moduleFileName } from "../model/names.js";

/** What the check needs of an interface: its name and where that name is written. */
export type InterfaceIdentity = Pick<Interface, "name" | "source" | "nameSpan">;

/** One VL301 error for every interface whose name an earlier one already has, in input order. */
export function duplicateInterfaces(interfaces: readonly InterfaceIdentity[]): Diagnostic[] {
  const seen = new Map<string, InterfaceIdentity>();
  const diagnostics: Diagnostic[] = [];
  for (const iface of interfaces) {
    const first = seen.get(iface.name);
    if (first === undefined) {
      seen.set(iface.name, iface);
      continue;
    }
    diagnostics.push({
      code: "VL301",
      severity: "error",
      message: `interface '${iface.name}' is also defined in ${first.source.name}; both would generate ${moduleFileName(iface.name)}`,
      file: iface.source,
      start: iface.nameSpan.start,
      end: iface.nameSpan.end,
    });
  }
  return diagnostics;
}
