/**
 * Compares two sets of interfaces (a directory, a git ref, or a live service against the current
 * files): pairs them by interface name and reports interfaces that disappeared or appeared.
 */
import type { Interface } from "../model/model.js";
import { compareInterfaces, sameSignature } from "./compare.js";
import type { Finding } from "./finding.js";
import { rules } from "./rules.js";

/**
 * Every finding between `olds` and `news`, paired by interface name. When both sides hold exactly
 * one interface they are compared with each other whatever their names (`breaking old.varlink
 * new.varlink` after a rename reports `interface-renamed`).
 */
export function compareInterfaceSets(olds: readonly Interface[], news: readonly Interface[]): Finding[] {
  if (olds.length === 1 && news.length === 1) return compareInterfaces(olds[0]!, news[0]!);
  const findings: Finding[] = [];
  for (const n of news) {
    const o = olds.find((x) => x.name === n.name);
    if (o !== undefined) findings.push(...compareInterfaces(o, n));
    else findings.push(wholeInterface("interface-added", n));
  }
  const added = news.filter((n) => !olds.some((o) => o.name === n.name));
  for (const o of olds) {
    if (news.some((n) => n.name === o.name)) continue;
    const renamedTo = added.find((n) => sameMembers(o, n));
    findings.push(
      wholeInterface("interface-removed", o, renamedTo && `renamed to '${renamedTo.name}'? (same members)`),
    );
  }
  return findings;
}

/** Same member names, each with the same signature: a likely rename of the whole interface. */
function sameMembers(a: Interface, b: Interface): boolean {
  return (
    a.members.length === b.members.length &&
    a.members.every((m) => b.members.some((n) => n.name === m.name && sameSignature(m, n)))
  );
}

function wholeInterface(
  rule: "interface-added" | "interface-removed",
  iface: Interface,
  hint: string | undefined = undefined,
): Finding {
  const removed = rule === "interface-removed";
  return {
    rule,
    code: rules[rule].code,
    severity: removed ? "breaking" : "safe",
    path: iface.name,
    direction: undefined,
    message: removed
      ? `interface '${iface.name}' was removed: old clients still call its methods`
      : `interface '${iface.name}' was added: old clients never call it`,
    hint,
    location: {
      side: removed ? "old" : "new",
      file: iface.source,
      start: iface.nameSpan.start,
      end: iface.nameSpan.end,
    },
  };
}
